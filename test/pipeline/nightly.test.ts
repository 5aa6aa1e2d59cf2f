// The nightly job end to end: `raporty run pipelines/test-site.json` (the compiled CLI, as cron
// runs it) against the fixture site served on 127.0.0.1, run after run.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSiteExpectations, startSiteServer, type SiteServer } from '../fetch/site-server.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const DEFINITION = join(ROOT, 'pipelines', 'test-site.json');
const ORIGIN_IN_DEFINITION = 'http://127.0.0.1:8077';
const expected = readSiteExpectations();

interface CliResult { status: number | null; stdout: string; stderr: string }

/** Runs the CLI without blocking the event loop: the site server answers from this process. */
function runCli(args: string[], onSpawn?: (pid: number) => void): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
    if (child.pid) onSpawn?.(child.pid);
  });
}

const logEvents = (stderr: string): Record<string, unknown>[] =>
  stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);

function withDb<T>(path: string, read: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Everything a run writes about documents, without row ids, run ids and times. */
function contents(path: string): Record<string, unknown[]> {
  return withDb(path, (db) => ({
    documents: db.prepare('SELECT source, title, published_at, sha256, extractor_version, text FROM documents ORDER BY source').all(),
    paragraphs: db.prepare('SELECT d.source, p.idx, p.text FROM paragraphs p JOIN documents d ON d.id = p.document_id ORDER BY 1, 2').all(),
    organizations: db.prepare('SELECT source, name, legal_form, place, paragraph, start, mention FROM organization_mentions ORDER BY 1, 5, 6').all(),
    places: db.prepare('SELECT source, name, kind, voivodeship, paragraph, start FROM place_mentions ORDER BY 1, 5, 6').all(),
    dates: db.prepare('SELECT source, date_start, date_end, paragraph, start FROM date_mentions ORDER BY 1, 4, 5').all(),
    people: db.prepare('SELECT source, name, role, paragraph, start FROM person_mentions ORDER BY 1, 4, 5').all(),
    archive: db.prepare('SELECT source, body_sha256, etag FROM archive ORDER BY source').all(),
  }));
}

let site: SiteServer;
let dir: string;

beforeAll(async () => {
  site = await startSiteServer({ slowMs: 2500, hugeBytes: 2 * 1024 * 1024 });
  dir = mkdtempSync(join(tmpdir(), 'raporty-nightly-'));
});
afterAll(async () => {
  await site.close();
  rmSync(dir, { recursive: true, force: true });
});

/** pipelines/test-site.json pointed at this server and at a database of its own. */
function definitionFor(name: string, changes: (def: Record<string, unknown>) => void = () => {}): { path: string; db: string } {
  const def = JSON.parse(readFileSync(DEFINITION, 'utf8').replaceAll(ORIGIN_IN_DEFINITION, site.url)) as Record<string, unknown>;
  const db = join(dir, `${name}.sqlite`);
  def.database = db;
  changes(def);
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(def));
  return { path, db };
}

const articleUrls = () => expected.articles.map((a) => `${site.url}${a.path}`).sort();
const storedSources = (db: string) => withDb(db, (d) => (d.prepare('SELECT source FROM documents ORDER BY source').all() as { source: string }[]).map((r) => r.source));

describe('raporty run against the fixture site', () => {
  let first: CliResult;
  let paths: { path: string; db: string };

  beforeAll(async () => {
    paths = definitionFor('nightly');
    site.reset();
    first = await runCli(['run', paths.path]);
  }, 60_000);

  it('stores every reachable report, with Polish letters and without boilerplate, and names what failed', () => {
    expect(first.status, first.stderr).toBe(1);
    const sources = storedSources(paths.db);
    for (const url of articleUrls()) expect(sources).toContain(url);
    // /flaky and /busy recover on retry and are stored; the robots-forbidden page is never asked for.
    expect(sources).toContain(`${site.url}/flaky`);
    expect(sources).toContain(`${site.url}/busy`);
    expect(site.hits('/prywatne/protokol-komisji-konkursowej.html')).toBe(0);

    const failures = logEvents(first.stderr).filter((e) => e.event === 'failed');
    const reasonFor = (path: string) => String(failures.find((f) => String(f.source).startsWith(`${site.url}${path}`))?.reason ?? '');
    expect(reasonFor('/slow')).toMatch(/no answer within/);
    expect(reasonFor('/huge')).toMatch(/limit/);
    expect(reasonFor('/huge-stream')).toMatch(/limit/);
    expect(reasonFor('/aktualnosci/lista-rankingowa-aktywni-razem.html')).toMatch(/404/);
    expect(reasonFor('/aktualnosci/zaproszenie-szkolenie-zamowienia.html')).toMatch(/redirect/);

    const paragraphs = withDb(paths.db, (d) => (d.prepare('SELECT text FROM paragraphs').all() as { text: string }[]).map((r) => r.text));
    const all = paragraphs.join('\n');
    for (const boilerplate of expected.boilerplate) expect(all).not.toContain(boilerplate);
    // Mojibake of Windows-1250 / ISO-8859-2 read as Latin-1 or UTF-8 would show these.
    expect(all).not.toMatch(/[¹³¿ê¶±¼æñ]|Ã|Å|\uFFFD/u);
    for (const article of expected.articles.filter((a) => a.encoding !== 'utf-8')) {
      const text = withDb(paths.db, (d) => (d.prepare('SELECT text FROM documents WHERE source = ?').get(`${site.url}${article.path}`) as { text: string }).text);
      expect(text, article.path).toMatch(/[ąćęłńóśźż]/u);
    }
  });

  it('extracts each report\'s title, publication date and entities', () => {
    let expectedNames = 0;
    let found = 0;
    for (const article of expected.articles) {
      const url = `${site.url}${article.path}`;
      const doc = withDb(paths.db, (d) => d.prepare('SELECT id, title, published_at FROM documents WHERE source = ?').get(url)) as { id: string; title: string; published_at: string };
      expect(doc.title, article.path).toBe(article.title);
      expect(doc.published_at, article.path).toBe(article.publishedAt);
      const names = withDb(paths.db, (d) => [
        ...(d.prepare('SELECT name FROM organizations WHERE document_id = ?').all(doc.id) as { name: string }[]),
        ...(d.prepare('SELECT name FROM places WHERE document_id = ?').all(doc.id) as { name: string }[]),
        ...(d.prepare('SELECT name FROM people WHERE document_id = ?').all(doc.id) as { name: string }[]),
      ].map((r) => r.name));
      const wanted = [...article.entities.organizations, ...article.entities.places, ...article.entities.people].map((e) => e.name);
      expectedNames += wanted.length;
      found += wanted.filter((n) => names.includes(n)).length;
    }
    expect(found / expectedNames).toBeGreaterThan(0.9);
  });

  it('records the run with per-source counts and its failures', () => {
    const run = withDb(paths.db, (d) => d.prepare('SELECT status, counts_json, failures_json FROM runs').get()) as { status: string; counts_json: string; failures_json: string };
    expect(run.status).toBe('partial');
    const counts = JSON.parse(run.counts_json) as {
      sources: Record<string, { discovered: number; stored: number }>;
      stages: Record<string, { ok: number; skipped: number; failed: number }>;
    };
    expect(counts.stages.fetch.failed).toBeGreaterThanOrEqual(5);
    expect(counts.stages.fetch.skipped).toBeGreaterThanOrEqual(1); // robots.txt
    expect(counts.stages.extract.ok).toBe(storedSources(paths.db).length);
    expect(counts.stages.store.ok).toBe(storedSources(paths.db).length);
    expect(Object.keys(counts.sources).sort()).toEqual(['aktualności', 'atom', 'misbehaving pages', 'rss', 'sitemap']);
    expect(Object.values(counts.sources).reduce((n, s) => n + s.stored, 0)).toBe(storedSources(paths.db).length);
    const failures = JSON.parse(run.failures_json) as { source: string; stage: string; reason: string }[];
    expect(failures.length).toBeGreaterThanOrEqual(5);
    expect(failures.every((f) => f.source.startsWith(site.url) && f.reason.length > 0)).toBe(true);
  });

  it('fetches nothing but 304s on a second run of an unchanged site, and changes no rows', async () => {
    const before = contents(paths.db);
    site.reset();
    const second = await runCli(['run', paths.path]);
    expect(second.status).toBe(1); // the same dead links as before
    expect(contents(paths.db)).toEqual(before);
    const stored = new Set(storedSources(paths.db).map((u) => new URL(u).pathname));
    const toStored = site.requests.filter((r) => stored.has(r.path.split('?')[0]));
    // /flaky and /busy fail once more first (the server's counters were reset); the retry is a 304.
    expect(toStored.filter((r) => r.status === 200)).toEqual([]);
    for (const path of stored) expect(toStored.filter((r) => r.path.split('?')[0] === path).at(-1)?.status, path).toBe(304);
    // Listings, sitemaps and feeds are conditional too.
    for (const path of ['/aktualnosci/', '/sitemap.xml', '/feed.xml', '/atom.xml']) {
      const statuses = site.requests.filter((r) => r.path === path).map((r) => r.status);
      expect(statuses.length, path).toBeGreaterThan(0);
      expect(statuses.filter((s) => s !== 304), path).toEqual([]);
    }
    const finished = logEvents(second.stderr).find((e) => e.event === 'run-finished')!;
    expect(finished).toMatchObject({ stored: 0 });
  }, 60_000);

  it('re-extracts a page edited between runs, and only its rows change', async () => {
    const before = contents(paths.db);
    const edited = expected.articles[0];
    const editedUrl = `${site.url}${edited.path}`;
    const organization = edited.entities.organizations.find((o) => o.legalForm === 'fundacja')!;
    site.edit(edited.path, (html) => html.replace('</article>', '<p>Wsparcia udzieliła także Fundacja „Nowy Horyzont” z Giżycka.</p></article>'));
    site.reset();
    const third = await runCli(['run', paths.path]);
    expect(third.status).toBe(1);
    const after = contents(paths.db);
    for (const table of Object.keys(before)) {
      const others = (rows: unknown[]) => rows.filter((r) => (r as { source: string }).source !== editedUrl);
      expect(others(after[table]), table).toEqual(others(before[table]));
    }
    const names = (after.organizations as { source: string; name: string }[]).filter((r) => r.source === editedUrl).map((r) => r.name);
    expect(names).toContain('Fundacja Nowy Horyzont');
    expect(names).toContain(organization.name);
    const finished = logEvents(third.stderr).find((e) => e.event === 'run-finished')!;
    expect(finished).toMatchObject({ stored: 1 });
    site.revert(edited.path);
  }, 60_000);
});

describe('raporty reprocess', () => {
  it('re-extracts documents of an older extractor version from the archive, without the network', async () => {
    const { path, db } = definitionFor('reprocess', (def) => {
      def.sources = (def.sources as { type: string }[]).filter((s) => s.type !== 'urls');
    });
    site.reset();
    await runCli(['run', path]);
    const before = contents(db);
    const rw = new BetterSqlite3(db);
    rw.prepare("UPDATE documents SET extractor_version = '0.0.1' WHERE rowid % 2 = 0").run();
    const stale = (rw.prepare("SELECT count(*) AS n FROM documents WHERE extractor_version = '0.0.1'").get() as { n: number }).n;
    // Rows the re-extraction must put back.
    rw.prepare("DELETE FROM organizations WHERE document_id IN (SELECT id FROM documents WHERE extractor_version = '0.0.1')").run();
    rw.close();
    expect(stale).toBeGreaterThan(0);

    site.reset();
    const result = await runCli(['reprocess', '--db', db]);
    expect(result.status, result.stderr).toBe(0);
    expect(site.requests).toEqual([]);
    expect(logEvents(result.stderr).filter((e) => e.event === 'reprocessed')).toHaveLength(stale);
    expect(contents(db)).toEqual(before);
  }, 60_000);
});

describe('extractor threads', () => {
  it('store the same rows as extraction in the main thread', async () => {
    const inputs = ['--input', join(ROOT, 'fixtures', 'html'), '--input', join(ROOT, 'fixtures', 'encoded'), '--input', join(ROOT, 'fixtures', 'wizyta-podlaskie-2012.txt')];
    const dbs = [join(dir, 'threads-0.sqlite'), join(dir, 'threads-2.sqlite')];
    const [inline, threaded] = await Promise.all([
      runCli(['run', ...inputs, '--db', dbs[0], '--workers', '0']),
      runCli(['run', ...inputs, '--db', dbs[1], '--workers', '2']),
    ]);
    expect(inline.status, inline.stderr).toBe(0);
    expect(threaded.status, threaded.stderr).toBe(0);
    const rows = (db: string) => {
      const { archive: _archive, ...rest } = contents(db);
      return rest;
    };
    expect(storedSources(dbs[1]).length).toBeGreaterThanOrEqual(4);
    expect(rows(dbs[1])).toEqual(rows(dbs[0]));
  }, 60_000);
});

describe('one run at a time', () => {
  it('refuses to start while another live run holds the database, with exit 2 and who holds it', async () => {
    const { path, db } = definitionFor('locked');
    await runCli(['run', path, '--input', join(ROOT, 'fixtures', 'html')]);
    const rw = new BetterSqlite3(db);
    // This test process plays the live run.
    rw.prepare("INSERT INTO run_lock (id, run_id, pipeline, host, pid, acquired_at, heartbeat_at) VALUES (1, 99, 'other', ?, ?, ?, ?)")
      .run(hostname(), process.pid, new Date().toISOString(), new Date().toISOString());
    rw.close();
    const refused = await runCli(['run', path]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/run 99 \(other, pid \d+ .*still running/);
    const rw2 = new BetterSqlite3(db);
    rw2.prepare('DELETE FROM run_lock').run();
    rw2.close();
  }, 60_000);
});

describe('a run killed halfway', () => {
  it('leaves a consistent database, and the next run ends where an uninterrupted one does', async () => {
    // Spaced requests make the run last long enough to be killed in the middle; the misbehaving
    // pages only make it longer.
    const slowly = (def: Record<string, unknown>) => {
      def.http = { ...(def.http as object), minIntervalMs: 150 };
      def.sources = (def.sources as { type: string }[]).filter((s) => s.type !== 'urls');
    };
    const whole = definitionFor('uninterrupted', slowly);
    const killed = definitionFor('killed', slowly);
    site.reset();
    await runCli(['run', whole.path]);

    site.reset();
    let pid = 0;
    const interrupted = runCli(['run', killed.path], (p) => { pid = p; });
    // Kill it once a few documents are in, before the rest are.
    const deadline = Date.now() + 30_000;
    for (;;) {
      await new Promise((r) => setTimeout(r, 50));
      let stored = 0;
      try {
        stored = withDb(killed.db, (d) => (d.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n);
      } catch { /* not created yet */ }
      if (stored >= 2 || Date.now() > deadline) break;
    }
    process.kill(pid, 'SIGKILL');
    const result = await interrupted;
    expect(result.status).toBeNull();
    const partial = storedSources(killed.db).length;
    expect(partial).toBeGreaterThanOrEqual(2);
    expect(partial).toBeLessThan(storedSources(whole.db).length);
    withDb(killed.db, (d) => expect(d.pragma('integrity_check', { simple: true })).toBe('ok'));

    site.reset();
    const resumed = await runCli(['run', killed.path]);
    expect(resumed.status).toBe(1);
    expect(logEvents(resumed.stderr).some((e) => e.event === 'lock-taken-over')).toBe(true);
    expect(contents(killed.db)).toEqual(contents(whole.db));
    const statuses = withDb(killed.db, (d) => (d.prepare('SELECT status FROM runs ORDER BY id').all() as { status: string }[]).map((r) => r.status));
    expect(statuses).toEqual(['interrupted', 'partial']);
  }, 90_000);
});
