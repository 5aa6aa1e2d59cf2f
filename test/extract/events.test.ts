import { describe, expect, it } from 'vitest';
import { segment } from '../../src/segment/index.js';
import { extractRecord } from '../../src/extract/index.js';
import { EVENT_RULE_IDS } from '../../src/extract/events.js';
import { EventSchema, RecordSchema, type EventRecord, type ReportRecord } from '../../src/schema.js';

/** The record of a short report, its first line the title; the event checked against the schema and the text. */
function extract(text: string): ReportRecord {
  const title = text.split('\n')[0];
  const record = extractRecord(segment({ source: '/reports/test.txt', title, publishedAt: null, text, encoding: 'utf-8', format: 'text' }));
  RecordSchema.parse(record);
  if (record.event) {
    EventSchema.parse(record.event);
    const m = record.event.mention!;
    expect(text.slice(m.start, m.end)).toBe(m.text);
    expect(EVENT_RULE_IDS).toContain(m.rule);
    // Names are the record's own entries.
    const organizations = new Set(record.organizations.map((o) => o.name));
    for (const n of [...record.event.organizers, ...record.event.participants]) expect(organizations.has(n)).toBe(true);
    const places = new Set(record.places.map((p) => p.name));
    for (const n of record.event.places) expect(places.has(n)).toBe(true);
  }
  return record;
}

const nameOf = (record: ReportRecord, written: string) => {
  const found = record.organizations.find((o) => o.mentions.some((m) => m.text.includes(written)));
  if (!found) throw new Error(`no organisation written "${written}"`);
  return found.name;
};

interface Report {
  text: string;
  type: EventRecord['type'];
  name: string;
  start: string | null;
  end: string | null;
  mention: string;
  /** Organisations as written in the text. */
  organizers: string[];
  participants: string[];
  places: string[];
  voivodeships: string[];
}

const REPORTS: Report[] = [
  {
    text: [
      'Wizyta studyjna w Wałczu i Czaplinku',
      'W dniach 7–8 czerwca 2012 r. przedstawiciele samorządów z województwa lubuskiego uczestniczyli w wizycie studyjnej zorganizowanej przez Regionalny Ośrodek Polityki Społecznej w Szczecinie.',
      'Pierwszego dnia uczestnicy odwiedzili Centrum Integracji Społecznej w Wałczu. Drugiego dnia grupa gościła w Czaplinku, gdzie poznała Spółdzielnię Socjalną „Smaki Pojezierza”.',
    ].join('\n'),
    type: 'wizyta_studyjna', name: '', start: '2012-06-07', end: '2012-06-08', mention: 'Wizyta studyjna',
    organizers: ['Regionalny Ośrodek Polityki Społecznej w Szczecinie'],
    participants: ['Centrum Integracji Społecznej w Wałczu', 'Smaki Pojezierza'],
    // The group came from lubuskie: that is not where the visit was.
    places: ['Wałcz', 'Czaplinek'], voivodeships: ['zachodniopomorskie'],
  },
  {
    text: [
      'Targi Ekonomii Społecznej w Lublinie',
      '14 września 2019 r. na placu Zamkowym w Lublinie odbyły się III Lubelskie Targi Ekonomii Społecznej. Organizatorem wydarzenia był Regionalny Ośrodek Polityki Społecznej w Lublinie.',
      'Wśród wystawców znaleźli się m.in.:',
      '• Spółdzielnia Socjalna „Lawenda” z Zamościa,',
      '• Fundacja „Kreatywni” z Chełma.',
    ].join('\n'),
    type: 'targi', name: 'Targi Ekonomii Społecznej', start: '2019-09-14', end: '2019-09-14', mention: 'Targi',
    organizers: ['Regionalny Ośrodek Polityki Społecznej w Lublinie'],
    participants: ['Lawenda', 'Kreatywni'],
    places: ['Lublin'], voivodeships: ['lubelskie'],
  },
  {
    text: [
      'Konferencja „Ekonomia społeczna w gminie”',
      'W dniach 23–24 listopada 2017 r. w Sopocie odbyła się konferencja naukowa „Ekonomia społeczna w gminie”. Organizatorami byli Uniwersytet Gdański oraz Regionalny Ośrodek Polityki Społecznej w Gdańsku.',
    ].join('\n'),
    type: 'konferencja', name: 'Ekonomia społeczna w gminie', start: '2017-11-23', end: '2017-11-24', mention: 'Konferencja',
    organizers: ['Uniwersytet Gdański', 'Regionalny Ośrodek Polityki Społecznej w Gdańsku'],
    participants: [], places: ['Sopot'], voivodeships: ['pomorskie'],
  },
  {
    text: [
      'Porozumienie o współpracy w powiecie kluczborskim',
      '3 lutego 2020 r. w Kluczborku podpisano porozumienie o współpracy na rzecz ekonomii społecznej. Stronami porozumienia są Gmina Kluczbork, Powiat Kluczborski oraz Fundacja „Aktywni Razem”.',
    ].join('\n'),
    type: 'porozumienie', name: '', start: '2020-02-03', end: '2020-02-03', mention: 'Porozumienie',
    organizers: [], participants: ['Gmina Kluczbork', 'Powiat Kluczborski', 'Aktywni Razem'],
    places: ['powiat kluczborski', 'Kluczbork'], voivodeships: ['opolskie'],
  },
  {
    // No trigger in the title: the body's first sentence reporting an event decides.
    text: [
      'Absolwenci CIS odebrali certyfikaty',
      '30 grudnia 2011 r. w Centrum Integracji Społecznej we Włocławku odbyło się uroczyste zakończenie kolejnego cyklu reintegracji. Certyfikaty odebrało 24 absolwentów.',
    ].join('\n'),
    type: 'zakonczenie', name: '', start: '2011-12-30', end: '2011-12-30', mention: 'uroczyste zakończenie',
    organizers: [], participants: [], places: ['Włocławek'], voivodeships: ['kujawsko-pomorskie'],
  },
  {
    text: [
      'Spotkanie przedsiębiorców społecznych w Sieradzu',
      'Data publikacji: 12.03.2014',
      'Spotkanie zorganizował Ośrodek Wsparcia Ekonomii Społecznej w Sieradzu. 11 marca 2014 r. w sali konferencyjnej starostwa spotkało się 20 przedsiębiorców.',
    ].join('\n'),
    type: 'spotkanie', name: '', start: '2014-03-11', end: '2014-03-11', mention: 'Spotkanie',
    organizers: ['Ośrodek Wsparcia Ekonomii Społecznej w Sieradzu'], participants: [], places: ['Sieradz'], voivodeships: ['łódzkie'],
  },
  {
    text: 'Kiermasz wielkanocny\nOrganizator: Fundacja „Pod Dębem”. Kiermasz odbędzie się 5–6 kwietnia 2014 r. na Rynku w Końskich.',
    type: 'targi', name: '', start: '2014-04-05', end: '2014-04-06', mention: 'Kiermasz',
    organizers: ['Pod Dębem'], participants: [], places: ['Końskie'], voivodeships: ['świętokrzyskie'],
  },
];

describe('the event a report describes', () => {
  it.each(REPORTS.map((r) => [r.text.split('\n')[0], r] as const))('%s', (_title, r) => {
    const record = extract(r.text);
    const event = record.event!;
    expect(event).not.toBeNull();
    expect({
      type: event.type, name: event.name, start: event.start, end: event.end, mention: event.mention!.text,
      organizers: event.organizers, participants: event.participants, places: event.places, voivodeships: event.voivodeships,
    }).toEqual({
      type: r.type, name: r.name, start: r.start, end: r.end, mention: r.mention,
      organizers: r.organizers.map((o) => nameOf(record, o)), participants: r.participants.map((o) => nameOf(record, o)),
      places: r.places, voivodeships: r.voivodeships,
    });
  });

  it.each([
    // A news item about a cooperative's work; "na zakończenie" means "at the end".
    'Spółdzielnia dowiezie seniorów do lekarza\nOd 1 lipca 2021 r. mieszkańcy gminy Suwałki będą mogli bezpłatnie dojechać do lekarza. Przewozy prowadzi Spółdzielnia Socjalna „Wigry” z Płociczna.\nNa zakończenie roku spółdzielnia planuje zakup drugiego busa.',
    // Workshops of a CIS are its training rooms, not an event; a WTZ is an organisation.
    'Nowa pracownia w Lipnie\nUczestnicy Centrum Integracji Społecznej w Lipnie szkolą się w warsztatach: stolarskim i krawieckim. Warsztat Terapii Zajęciowej w Lipnie zatrudnia 6 terapeutów.',
  ])('is null when the report describes none: %s', (text) => {
    expect(extract(text).event).toBeNull();
  });

  it('takes a trigger in the body only from a sentence that reports the event', () => {
    const text = 'Z życia spółdzielni\nSpółdzielnia organizuje czasem konferencje dla klientów. 12 maja 2018 r. w Radomiu odbył się kiermasz rękodzieła.';
    const event = extract(text).event!;
    expect(event.type).toBe('targi');
    expect(event.mention!.text).toBe('kiermasz');
    expect(event.start).toBe('2018-05-12');
  });
});
