// End-to-end tests of the compiled `raporty` command: each test spawns `node dist/cli.js` in a
// fresh temp dir, the way a user or a script would run it.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const FIXTURES = join(ROOT, 'fixtures');

// Chosen so that the store holds several voivodeships and legal forms (the filters must drop rows).
const PODLASKIE_FESTYN = 'a-festyn-podlaskie-2022.txt';
const PODLASKIE_KGW = 'b-kgw-podlaskie-2022.txt';
const LUBUSKIE_SPOLDZIELNIA = 'a-spoldzielnia-lubuskie-2016.txt';
const SMALL_SET = [PODLASKIE_FESTYN, PODLASKIE_KGW, LUBUSKIE_SPOLDZIELNIA];

const ENTITY_TABLES = ['documents', 'organizations', 'places', 'dates', 'people', 'mentions'] as const;

interface CliResult { status: number | null; stdout: string; stderr: string }

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

beforeAll(() => {
  // tsc rewrites every output, so dist/cli.js older than a source means dist may be stale.
  if (existsSync(CLI) && statSync(CLI).mtimeMs >= newestMtime(join(ROOT, 'src'))) return;
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env },
  });
  if (tsc.status !== 0) throw new Error(`tsc failed (exit ${tsc.status}):\n${tsc.stdout}${tsc.stderr}`);
}, 300_000);

const temps: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'raporty-cli-'));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) {
    // A chmod 000 file inside would not stop rm for its owner, but restore it to be safe.
    for (const name of existsSync(join(dir, 'in')) ? readdirSync(join(dir, 'in')) : []) chmodSync(join(dir, 'in', name), 0o644);
    rmSync(dir, { recursive: true, force: true });
  }
});

function cli(args: string[], options: { cwd: string; input?: string }): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd, input: options.input, encoding: 'utf8', env: { ...process.env }, timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Like `cli`, without blocking the event loop (the HTTP server of the test answers meanwhile). */
function cliAsync(args: string[], options: { cwd: string }): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env: { ...process.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** Copies fixtures into dir/in; returns their absolute paths there, sorted. */
function copyFixtures(dir: string, names: readonly string[]): string[] {
  const input = join(dir, 'in');
  mkdirSync(input, { recursive: true });
  return names.map((name) => {
    copyFileSync(join(FIXTURES, name), join(input, name));
    return join(input, name);
  }).sort();
}

/** stderr is not a TTY here, so every line must be a JSON log event. */
function logEvents(stderr: string): Record<string, unknown>[] {
  return stderr.split('\n').filter((l) => l.trim()).map((line) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`stderr line is not JSON: ${line}`);
    }
  });
}

function withDb<T>(path: string, read: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

function rowCounts(path: string): Record<string, number> {
  return withDb(path, (db) => Object.fromEntries(ENTITY_TABLES.map((t) =>
    [t, (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n])));
}

interface RunRow { id: number; status: string; counts: Record<string, number>; failures: { source: string; stage: string; reason: string }[] }
function runs(path: string): RunRow[] {
  return withDb(path, (db) => (db.prepare('SELECT id, status, counts_json, failures_json FROM runs ORDER BY id').all() as
    { id: number; status: string; counts_json: string; failures_json: string }[])
    .map((r) => ({ id: r.id, status: r.status, counts: JSON.parse(r.counts_json), failures: JSON.parse(r.failures_json) })));
}

interface MentionJson { text: string; start: number; end: number; paragraph: number }
interface RecordJson {
  document: { source: string; chars: number; title: string };
  paragraphs: { index: number; start: number; end: number; text: string }[];
  organizations: { name: string; legalForm: string; mentions: MentionJson[] }[];
  places: { name: string; kind: string; voivodeship: string; mentions: MentionJson[] }[];
  dates: { start: string; end: string; precision: string; text: string; mentions: MentionJson[] }[];
  people: { name: string; mentions: MentionJson[] }[];
}

const allMentions = (r: RecordJson): MentionJson[] =>
  [...r.organizations, ...r.places, ...r.dates, ...r.people].flatMap((e) => e.mentions);

describe('raporty run', () => {
  it('is idempotent: a second run over the same files changes no rows and reports them unchanged', () => {
    const dir = freshDir();
    const files = copyFixtures(dir, SMALL_SET);
    const db = join(dir, 'x.sqlite');

    const first = cli(['run', '--input', join(dir, 'in'), '--db', db], { cwd: dir });
    expect(first.stderr).not.toMatch(/"level":"error"/);
    expect(first.status).toBe(0);
    const countsAfterFirst = rowCounts(db);
    expect(countsAfterFirst.documents).toBe(3);
    for (const t of ENTITY_TABLES) expect(countsAfterFirst[t], t).toBeGreaterThan(0);
    const snapshot = () => withDb(db, (d) => Object.fromEntries(
      ['organizations', 'places', 'dates', 'people', 'mentions'].map((t) => [t, d.prepare(`SELECT * FROM ${t} ORDER BY id`).all()])
        .concat([['documents', d.prepare('SELECT id, source, sha256, run_id FROM documents ORDER BY id').all()]])));
    const rowsAfterFirst = snapshot();

    const second = cli(['run', '--input', join(dir, 'in'), '--db', db], { cwd: dir });
    expect(second.status).toBe(0);
    expect(rowCounts(db)).toEqual(countsAfterFirst);
    expect(snapshot()).toEqual(rowsAfterFirst);

    // Per document log events: stored the first time, unchanged the second.
    const perDocument = (stderr: string, event: string) =>
      logEvents(stderr).filter((e) => e.event === event).map((e) => e.source).sort();
    expect(perDocument(first.stderr, 'stored')).toEqual(files);
    expect(perDocument(second.stderr, 'unchanged')).toEqual(files);
    expect(perDocument(second.stderr, 'stored')).toEqual([]);

    const [run1, run2] = runs(db);
    expect(runs(db)).toHaveLength(2);
    expect(run1).toMatchObject({ status: 'ok', counts: { documents: 3, stored: 3, unchanged: 0, failed: 0 } });
    expect(run2).toMatchObject({ status: 'ok', counts: { documents: 3, stored: 0, unchanged: 3, failed: 0 }, failures: [] });
    // Unchanged text is not re-extracted: the second run wrote no entities.
    expect(run2.counts.organizations ?? 0).toBe(0);
  });

  it('stores every good file, names each bad one with its reason and exits 1', () => {
    const dir = freshDir();
    const good = copyFixtures(dir, SMALL_SET);
    const input = join(dir, 'in');
    // Pseudo-random bytes from a fixed seed, NULs included, so the case is the same every run.
    const bytes = Buffer.alloc(4096);
    let seed = 12345;
    for (let i = 0; i < bytes.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      bytes[i] = i % 97 === 0 ? 0 : seed >>> 24;
    }
    writeFileSync(join(input, 'corrupt.txt'), bytes);
    writeFileSync(join(input, 'empty.txt'), '');
    const bad: Record<string, RegExp> = {
      [join(input, 'corrupt.txt')]: /binary|NUL/i,
      [join(input, 'empty.txt')]: /empty/i,
    };
    // Root reads a chmod 000 file anyway, so the case only means something for other users.
    if (process.getuid?.() !== 0) {
      writeFileSync(join(input, 'unreadable.txt'), 'Raport roczny\n\nTreść, której nikt nie przeczyta.\n');
      chmodSync(join(input, 'unreadable.txt'), 0o000);
      bad[join(input, 'unreadable.txt')] = /permission denied/i;
    }
    const db = join(dir, 'x.sqlite');

    const result = cli(['run', '--input', input, '--db', db], { cwd: dir });
    expect(result.status).toBe(1);

    const events = logEvents(result.stderr);
    for (const [source, reason] of Object.entries(bad)) {
      const event = events.find((e) => e.source === source && (e.level === 'warn' || e.level === 'error'));
      expect(event, `no warning for ${source}`).toBeDefined();
      expect(String(event!.reason)).toMatch(reason);
    }
    const sources = withDb(db, (d) => (d.prepare('SELECT source FROM documents ORDER BY source').all() as { source: string }[]).map((r) => r.source));
    expect(sources).toEqual(good);
    expect(rowCounts(db).documents).toBe(good.length);

    const [run] = runs(db);
    expect(run.status).toBe('partial');
    expect(run.counts).toMatchObject({ stored: good.length, failed: Object.keys(bad).length });
    expect(run.failures.map((f) => f.source).sort()).toEqual(Object.keys(bad).sort());
  });

  it.each([
    ['a definition without sources', { name: 'broken', database: 'x.sqlite' }, /sources/],
    ['a files source without paths', { name: 'broken', database: 'x.sqlite', sources: [{ type: 'files' }] }, /sources\.0\.paths/],
  ])('refuses %s with exit 2 and names the field', (_what, definition, field) => {
    const dir = freshDir();
    const path = join(dir, 'some-bad-pipeline.json');
    writeFileSync(path, JSON.stringify(definition));
    const result = cli(['run', path], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(path);
    expect(result.stderr).toMatch(field);
    expect(result.stdout).toBe('');
    // It stopped before opening anything.
    expect(existsSync(join(dir, 'x.sqlite'))).toBe(false);
  });
});

describe('raporty extract', () => {
  it('--format json prints one record whose mention offsets cut their text out of the file', () => {
    const dir = freshDir();
    const [file] = copyFixtures(dir, [PODLASKIE_FESTYN]);
    const result = cli(['extract', file, '--format', 'json'], { cwd: dir });
    expect(result.status).toBe(0);

    const record = JSON.parse(result.stdout) as RecordJson; // throws if stdout holds anything else
    const text = readFileSync(file, 'utf8');
    expect(record.document.source).toBe(file);
    expect(record.document.chars).toBe(text.length);
    expect(record.document.title).toBe('Festyn „Pożegnanie lata” w Jeleniewie');
    const mentions = allMentions(record);
    expect(mentions.length).toBeGreaterThan(10);
    for (const m of mentions) {
      expect(text.slice(m.start, m.end), JSON.stringify(m)).toBe(m.text);
      const p = record.paragraphs[m.paragraph];
      expect(m.start >= p.start && m.end <= p.end, `mention outside its paragraph: ${JSON.stringify(m)}`).toBe(true);
    }
    for (const p of record.paragraphs) expect(text.slice(p.start, p.end)).toBe(p.text);
    expect(record.organizations).toContainEqual(expect.objectContaining({ name: 'Koło Gospodyń Wiejskich w Jeleniewie', legalForm: 'kgw' }));
    expect(record.places).toContainEqual(expect.objectContaining({ name: 'Jeleniewo', kind: 'locality', voivodeship: 'podlaskie' }));
    expect(record.people.map((p) => p.name)).toContain('Jerzy Jakubowski');
  });

  it('--format ndjson over a directory prints one line per document and nothing else', () => {
    const dir = freshDir();
    const files = copyFixtures(dir, SMALL_SET);
    const result = cli(['extract', join(dir, 'in'), '--format', 'ndjson'], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.stdout.endsWith('\n')).toBe(true);
    const lines = result.stdout.slice(0, -1).split('\n');
    expect(lines).toHaveLength(files.length);
    const records = lines.map((line) => JSON.parse(line) as RecordJson);
    expect(records.map((r) => r.document.source).sort()).toEqual(files);
    for (const r of records) {
      expect(Object.keys(r).sort()).toEqual(['dates', 'document', 'event', 'identifiers', 'organizations', 'paragraphs', 'people', 'places', 'relations']);
      const text = readFileSync(r.document.source, 'utf8');
      for (const m of allMentions(r)) expect(text.slice(m.start, m.end)).toBe(m.text);
    }
  });
});

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A fixture as a typical report page: menu, cookie banner and footer around the article. */
function reportPage(text: string): string {
  const [title, ...paragraphs] = text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  // Names that are not in the report: if any boilerplate leaks into the text, the records differ.
  return `<!DOCTYPE html>
<html lang="pl"><head><meta charset="utf-8"><title>${escapeHtml(title)} | Portal Gminy</title></head>
<body>
<div id="cookie-notice" class="cookie-banner">Serwis Fundacji Wiejskie Media w Augustowie używa plików cookies.
  <a href="/polityka-prywatnosci">Polityka prywatności</a> <button>Akceptuję</button></div>
<header><div class="logo">Portal Gminy</div>
<nav class="main-menu"><ul>
  <li><a href="/">Start</a></li><li><a href="/aktualnosci">Aktualności</a></li>
  <li><a href="/gops">Gminny Ośrodek Pomocy Społecznej w Raczkach</a></li><li><a href="/kontakt">Kontakt</a></li>
</ul></nav></header>
<main><article>
<h1>${escapeHtml(title)}</h1>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
</article></main>
<footer><p>Starostwo Powiatowe w Gołdapi, ul. Krótka 1, 19-500 Gołdap</p><p>© 2022 Wszystkie prawa zastrzeżone. Redaktor: Anna Nowakowska</p></footer>
</body></html>`;
}

describe('raporty extract <url>', () => {
  let server: Server | undefined;
  afterEach(async () => {
    if (server) await new Promise<void>((done) => server!.close(() => done()));
    server = undefined;
  });

  it('gives the same entities for a report page as for the report as text', async () => {
    const dir = freshDir();
    const [file] = copyFixtures(dir, [PODLASKIE_FESTYN]);
    const page = reportPage(readFileSync(file, 'utf8'));
    server = createServer((req, res) => {
      if (req.url === '/report.html') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(page);
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
      }
    });
    await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/report.html`;

    const [fromUrl, fromFile] = await Promise.all([
      cliAsync(['extract', url, '--format', 'json'], { cwd: dir }),
      cliAsync(['extract', file, '--format', 'json'], { cwd: dir }),
    ]);
    expect(fromUrl.stderr).toBe('');
    expect(fromUrl.status).toBe(0);
    expect(fromFile.status).toBe(0);
    const html = JSON.parse(fromUrl.stdout) as RecordJson;
    const txt = JSON.parse(fromFile.stdout) as RecordJson;

    expect(html.document.source).toBe(url);
    expect(html.document.title).toBe(txt.document.title);
    const names = (r: RecordJson) => ({
      organizations: r.organizations.map((o) => `${o.name} (${o.legalForm})`).sort(),
      places: r.places.map((p) => `${p.name} (${p.kind}, ${p.voivodeship})`).sort(),
      dates: r.dates.map((d) => `${d.start}..${d.end} ${d.precision}`).sort(),
      people: r.people.map((p) => p.name).sort(),
    });
    expect(names(txt).organizations.length).toBeGreaterThan(2);
    expect(names(html)).toEqual(names(txt));
  });
});

describe('raporty query', () => {
  let dir: string;
  let db: string;
  const setUp = () => {
    dir = freshDir();
    copyFixtures(dir, SMALL_SET);
    db = join(dir, 'x.sqlite');
    const run = cli(['run', '--input', join(dir, 'in'), '--db', db], { cwd: dir });
    expect(run.status).toBe(0);
  };
  const queryJson = <T>(args: string[]): T[] => {
    const r = cli(['query', ...args, '--db', db, '--format', 'json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout) as T[];
  };

  it('lists organisations as JSON and CSV, and filters them by legal form', () => {
    setUp();
    const all = queryJson<{ name: string; legal_form: string; documents: number }>(['organizations']);
    expect(all.length).toBeGreaterThan(3);
    expect(all).toContainEqual(expect.objectContaining({ name: 'Koło Gospodyń Wiejskich w Jeleniewie', legal_form: 'kgw' }));
    // Named in two of the three reports: one row for both.
    expect(all).toContainEqual(expect.objectContaining({ name: 'Agencja Restrukturyzacji i Modernizacji Rolnictwa', documents: 2 }));

    const csv = cli(['query', 'organizations', '--db', db, '--format', 'csv'], { cwd: dir });
    expect(csv.status).toBe(0);
    const lines = csv.stdout.split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines[0].split(',')).toEqual(expect.arrayContaining(['name', 'legal_form', 'documents']));
    expect(lines).toHaveLength(all.length + 1);
    expect(lines).toContain('Koło Gospodyń Wiejskich w Jeleniewie,,kgw,Jeleniewo,podlaskie,1,2');

    const social = queryJson<{ name: string; legal_form: string }>(['organizations', '--legal-form', 'spoldzielnia_socjalna']);
    expect(social.length).toBeGreaterThan(0);
    expect(social.length).toBeLessThan(all.length);
    for (const row of social) expect(row.legal_form).toBe('spoldzielnia_socjalna');
    expect(social.map((r) => r.name)).toContain('Spółdzielnia Socjalna Sokólskie Smaki');
  });

  it('filters places by voivodeship', () => {
    setUp();
    const all = queryJson<{ name: string; voivodeship: string }>(['places']);
    // The filter has something to drop.
    expect(all.some((p) => p.voivodeship === 'lubuskie')).toBe(true);
    const podlaskie = queryJson<{ name: string; voivodeship: string }>(['places', '--voivodeship', 'podlaskie']);
    expect(podlaskie.length).toBeGreaterThan(3);
    for (const row of podlaskie) expect(row.voivodeship).toBe('podlaskie');
    expect(podlaskie.map((p) => p.name)).toContain('Jeleniewo');
    expect(podlaskie).toHaveLength(all.filter((p) => p.voivodeship === 'podlaskie').length);
  });

  it('exits 2 with a message on a bad --format', () => {
    setUp();
    const r = cli(['query', 'organizations', '--db', db, '--format', 'xml'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--format must be one of table, json, csv, ndjson/);
  });
});

describe('raporty normalize', () => {
  it('prints one nominative per input line, an empty line for a bad one', () => {
    const dir = freshDir();
    const r = cli(['normalize'], { cwd: dir, input: 'place\tŁomży\nperson\tMarcinem Plutą\nbogus line\n' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('Łomża\nMarcin Pluta\n\n');
  });
});
