import { describe, expect, it } from 'vitest';
import { segment } from '../../src/segment/index.js';
import { extractRecord } from '../../src/extract/index.js';
import { IDENTIFIER_RULE_IDS, normalizePhone, webValue } from '../../src/extract/identifiers.js';
import { IdentifierSchema, RecordSchema, type Identifier, type IdentifierType, type ReportRecord } from '../../src/schema.js';

/** The record of a short report, its first line the title; every identifier checked against the schema and the text. */
function extract(text: string): ReportRecord {
  const title = text.split('\n')[0];
  const record = extractRecord(segment({ source: '/reports/test.txt', title, publishedAt: null, text, encoding: 'utf-8', format: 'text' }));
  RecordSchema.parse(record);
  for (const id of record.identifiers) {
    IdentifierSchema.parse(id);
    for (const m of id.mentions) {
      expect(text.slice(m.start, m.end)).toBe(m.text);
      const p = record.paragraphs[m.paragraph];
      expect(m.start >= p.start && m.end <= p.end).toBe(true);
      expect(IDENTIFIER_RULE_IDS).toContain(m.rule);
    }
  }
  return record;
}

/** [type, value, valid, the mention's text] */
type Expected = [IdentifierType, string, boolean, string];
const summary = (ids: Identifier[]): Expected[] => ids.map((i) => [i.type, i.value, i.valid, i.mentions[0].text]);

const CASES: [string, Expected[]][] = [
  // Registry numbers after their labels; NIP and REGON checksums verified.
  ['Stowarzyszenie „Przystań” (KRS 0000123456) działa od 2010 roku.', [['krs', '0000123456', true, '0000123456']]],
  ['Dane rejestrowe: nr KRS: 0000265140, NIP: 725-001-23-44, REGON: 470123454.',
    [['krs', '0000265140', true, '0000265140'], ['nip', '7250012344', true, '725-001-23-44'], ['regon', '470123454', true, '470123454']]],
  ['NIP 526-00-01-298 podano we wniosku.', [['nip', '5260001298', true, '526-00-01-298']]],
  ['NIP 771 234 56 73', [['nip', '7712345673', true, '771 234 56 73']]],
  ['Numer VAT UE: NIP PL7250012344.', [['nip', '7250012344', true, '7250012344']]],
  ['REGON 47012345400010 (jednostka lokalna).', [['regon', '47012345400010', true, '47012345400010']]],
  // The register pads KRS numbers to ten digits.
  ['Wpisano ją do rejestru pod nr KRS 305511.', [['krs', '0000305511', true, '305511']]],
  // Checksums that do not hold: kept, marked invalid.
  ['NIP: 725-001-23-45', [['nip', '7250012345', false, '725-001-23-45']]],
  ['REGON 470123455', [['regon', '470123455', false, '470123455']]],
  // Phones, normalised to +48 and nine digits.
  ['Zapisy: tel. 41 342 15 20.', [['phone', '+48413421520', true, '41 342 15 20']]],
  ['Informacji udziela koordynatorka, tel. kom. 501-202-303.', [['phone', '+48501202303', true, '501-202-303']]],
  ['Infolinia: +48 600 123 456', [['phone', '+48600123456', true, '+48 600 123 456']]],
  ['Sekretariat (85) 744-55-66 czynny od 8.00 do 16.00.', [['phone', '+48857445566', true, '(85) 744-55-66']]],
  ['tel./fax (0-63) 242 35 04', [['phone', '+48632423504', true, '(0-63) 242 35 04']]],
  ['Telefony: tel. 41 342 15 20, 600 700 800 lub 601 702 803.',
    [['phone', '+48413421520', true, '41 342 15 20'], ['phone', '+48600700800', true, '600 700 800'], ['phone', '+48601702803', true, '601 702 803']]],
  ['Zgłoszenia pod numerem 0 22 621 11 22.', [['phone', '+48226211122', true, '0 22 621 11 22']]],
  // E-mail and web addresses.
  ['Zgłoszenia: e-mail: Biuro@Fundacja-Przystan.org.pl.', [['email', 'biuro@fundacja-przystan.org.pl', true, 'Biuro@Fundacja-Przystan.org.pl']]],
  ['Więcej na stronie www.owes.pl oraz https://www.Ekonomia.Lodz.pl/kontakt/.',
    [['www', 'www.owes.pl', true, 'www.owes.pl'], ['www', 'www.ekonomia.lodz.pl/kontakt', true, 'https://www.Ekonomia.Lodz.pl/kontakt/']]],
  ['Regulamin: http://ekonomiaspoleczna.gov.pl, pytania: konkurs@rops.lublin.pl',
    [['www', 'ekonomiaspoleczna.gov.pl', true, 'http://ekonomiaspoleczna.gov.pl'], ['email', 'konkurs@rops.lublin.pl', true, 'konkurs@rops.lublin.pl']]],
  // Numbers labelled as something else, dates after a register's name, unlabelled digits.
  ['Uczestnik podał PESEL 85010112345 i kod pocztowy 90-001.', []],
  ['Publikacja ma ISBN 978-83-7383-123-4, nr umowy 12/2019.', []],
  ['Data wpisu do KRS: 14.02.2012 r., rejestracja w KRS 2012-02-14.', []],
  ['W 2015 r. spółdzielnia zatrudniała 1234563218 godzin pracy.', []],
];

describe('identifiers', () => {
  it.each(CASES)('%s', (text, expected) => {
    expect(summary(extract(text).identifiers)).toEqual(expected);
  });

  it('merges repeated identifiers into one entry with every mention', () => {
    const text = 'Fundacja „Skrzydła”, tel. 41 342 15 20.\nRekrutacja: tel. 41 342 15 20, e-mail: rekrutacja@skrzydla.pl';
    const ids = extract(text).identifiers;
    const phone = ids.filter((i) => i.type === 'phone');
    expect(phone).toHaveLength(1);
    expect(phone[0].mentions.map((m) => m.start)).toEqual([text.indexOf('41 342'), text.lastIndexOf('41 342')]);
  });
});

describe('bank account numbers are never stored', () => {
  const ACCOUNTS: [string, string][] = [
    ['Wpłaty na konto Fundacji „Serce”: nr rachunku 45 1020 5356 0000 1402 0031 2207.', '45 1020 5356 0000 1402 0031 2207'],
    ['Numer konta: PL61 1090 1014 0000 0712 1981 2874, tytuł: darowizna.', 'PL61 1090 1014 0000 0712 1981 2874'],
    ['Rachunek bankowy 61109010140000071219812874 prowadzi bank spółdzielczy.', '61109010140000071219812874'],
    // Groups that alone would pass for a phone ("501 202 303") or a NIP.
    ['Darowizny: rachunek 12 1020 3017 7250 0123 4450 1202', '12 1020 3017 7250 0123 4450 1202'],
    ['IBAN: PL 27 1140 2004 0000 3002 0135 5387', 'PL 27 1140 2004 0000 3002 0135 5387'],
  ];
  it.each(ACCOUNTS)('%s', (text, account) => {
    const ids = extract(text).identifiers;
    const from = text.indexOf(account);
    const to = from + account.length;
    expect(ids.filter((i) => i.mentions.some((m) => m.start < to && from < m.end))).toEqual([]);
    expect(ids.filter((i) => ['phone', 'nip', 'regon', 'krs'].includes(i.type))).toEqual([]);
  });

  it('keeps the phone next to an account number and nothing of the account', () => {
    const text = 'Zbiórka: tel. 600 123 456, konto 12 1020 3017 0000 1234 5678 9012.';
    expect(summary(extract(text).identifiers)).toEqual([['phone', '+48600123456', true, '600 123 456']]);
  });
});

describe('the organisation an identifier belongs to', () => {
  const nameAt = (record: ReportRecord, written: string) =>
    record.organizations.find((o) => o.mentions.some((m) => m.text.includes(written)))?.name;

  it('is the one named before it in the sentence', () => {
    const text = 'Kontakt: Fundacja Aktywni Razem, ul. Damrota 4, 45-064 Opole, KRS 0000354321, NIP 725-001-23-44.';
    const record = extract(text);
    const owner = nameAt(record, 'Fundacja Aktywni Razem');
    expect(owner).toBeTruthy();
    expect(record.identifiers.map((i) => [i.type, i.organization])).toEqual([['krs', owner], ['nip', owner]]);
  });

  it('is the one heading the contact block, up to a blank line', () => {
    const text = [
      'Informator',
      '',
      '1. STOWARZYSZENIE „NASZA WIEŚ”',
      'ul. Leśna 4, 26-200 Końskie',
      'KRS 0000512430, REGON 152345675',
      'tel. 41 372 20 15, e-mail: biuro@naszawies.pl',
      '',
      'Pozostałe informacje: tel. 600 700 800',
    ].join('\n');
    const record = extract(text);
    const owner = nameAt(record, 'NASZA WIEŚ');
    expect(owner).toBeTruthy();
    const byValue = new Map(record.identifiers.map((i) => [i.value, i.organization]));
    expect(byValue.get('0000512430')).toBe(owner);
    expect(byValue.get('152345675')).toBe(owner);
    expect(byValue.get('+48413722015')).toBe(owner);
    expect(byValue.get('biuro@naszawies.pl')).toBe(owner);
    expect(byValue.get('+48600700800')).toBe('');
  });

  it('is the one a bare type word refers to ("Kontakt ze spółdzielnią")', () => {
    const text = 'Spółdzielnia Socjalna „Pod Lipą” prowadzi catering w Radomiu.\nKontakt ze spółdzielnią: tel. 48 362 11 22.';
    const record = extract(text);
    expect(record.identifiers[0].organization).toBe(nameAt(record, 'Pod Lipą'));
  });

  it('is the one whose name the e-mail address spells, for the whole line', () => {
    const text = 'W Nowym Sączu otwarto Spółdzielnię Socjalną „Dobre Ręce”.\n\nKontakt: biuro@dobrerece.org.pl, tel. 18 443 21 09.';
    const record = extract(text);
    const owner = nameAt(record, 'Dobre Ręce');
    expect(owner).toBeTruthy();
    expect(record.identifiers.map((i) => i.organization)).toEqual([owner, owner]);
  });

  it('is empty when nothing names it', () => {
    const text = 'Szczegółowe informacje: tel. 17 860 12 34, e-mail: owes@rops.rzeszow.pl.';
    expect(extract(text).identifiers.map((i) => i.organization)).toEqual(['', '']);
  });
});

describe('normalisation helpers', () => {
  it.each([
    ['413421520', false, '+48413421520'],
    ['48600123456', true, '+48600123456'],
    ['0048600123456', false, '+48600123456'],
    ['0857445566', false, '+48857445566'],
    ['4930123456', true, undefined],
    ['12345678', false, undefined],
    ['012345678', false, undefined],
  ] as const)('phone %s (+%s) → %s', (digits, plus, expected) => {
    expect(normalizePhone(digits, plus)).toBe(expected);
  });

  it.each([
    ['www.owes.pl', 'www.owes.pl'],
    ['HTTPS://WWW.Owes.PL/', 'www.owes.pl'],
    ['http://owes.pl/Aktualnosci/2019', 'owes.pl/Aktualnosci/2019'],
    ['https://localhost/', undefined],
  ])('web %s → %s', (raw, expected) => {
    expect(webValue(raw)).toBe(expected);
  });
});
