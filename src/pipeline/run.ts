// The batch run: every source of a definition → documents → records → the store, under the
// database's run lock. Each document is stored (rows, archived input and HTTP validators) in one
// transaction, so a run killed at any moment leaves the database consistent, and the next run
// picks up what is missing: unchanged inputs cost a hash (files) or a 304 (web pages).
import type { LoadedDocument, ReportRecord } from '../schema.js';
import { charsetOfContentType, documentFromBytes, isLoadFailure, loadSources, LoadError, type LoadedPage } from '../load/index.js';
import { EXTRACTOR_VERSION, documentId, sha256 } from '../extract/index.js';
import { HttpClient, FetchError, type FetchResponse } from '../fetch/client.js';
import { discoverSource, type DiscoveredUrl, type DiscoverRuntime, type Page } from '../fetch/discover.js';
import { compileUrlFilter } from '../fetch/url-filter.js';
import type { ArchiveInput, Store } from '../store/write.js';
import { sourceLabel, type PipelineDefinition, type SourceDefinition, type WebSourceDefinition } from './definition.js';
import { beginRunSession } from './session.js';
import { inProcessExtractor, workerExtractor } from './workers.js';

export type LogEvent = Record<string, unknown> & { level: 'debug' | 'info' | 'warn' | 'error'; event: string };

/** Counts of one source; `documents` = stored + unchanged + failed + skipped. */
export interface SourceCounts {
  discovered: number;
  fetched: number;
  notModified: number;
  stored: number;
  unchanged: number;
  failed: number;
  skipped: number;
}

export interface RunFailure {
  source: string;
  sourceName: string;
  stage: 'discover' | 'load' | 'fetch' | 'extract' | 'store' | 'run';
  reason: string;
}

export interface RunSummary {
  runId: number;
  documents: number;
  stored: number;
  unchanged: number;
  failed: number;
  failures: RunFailure[];
  /** Entities written, by kind. */
  counts: Record<string, number>;
  sources: Record<string, SourceCounts>;
  /** Documents through each stage: done, skipped (disallowed, unchanged, too old) or failed. */
  stages: Partial<Record<RunFailure['stage'], StageCounts>>;
  http?: HttpClient['stats'];
}

export interface StageCounts { ok: number; skipped: number; failed: number }

export interface Progress {
  done: number;
  discovered: number;
  stored: number;
  unchanged: number;
  failed: number;
  current: string;
}

export interface RunOptions {
  definition: PipelineDefinition;
  database: string;
  log: (event: LogEvent) => void;
  onProgress?: (progress: Progress) => void;
  /** Overrides the definition's HTTP settings' client; tests pass one with short timeouts. */
  http?: HttpClient;
  /** Extractor threads; 0 extracts in the main thread. Default: one per core but the main thread's. */
  workers?: number;
  /** Stops discovering new work; what is in flight finishes. */
  signal?: AbortSignal;
  now?: () => Date;
}

/** Fetches in flight per web source: enough to keep the client's queue busy, few enough to keep memory flat. */
const IN_FLIGHT_PER_SOURCE = 16;

const emptyCounts = (): SourceCounts => ({ discovered: 0, fetched: 0, notModified: 0, stored: 0, unchanged: 0, failed: 0, skipped: 0 });
const DAY_MS = 86_400_000;

export async function runPipeline(options: RunOptions): Promise<RunSummary> {
  const { definition: def, log } = options;
  const now = options.now ?? (() => new Date());
  const session = beginRunSession(options.database, def.name);
  const { store, runId } = session;
  if (session.takenOverFrom !== null) log({ level: 'warn', event: 'lock-taken-over', run: runId, from: session.takenOverFrom });

  const summary: RunSummary = { runId, documents: 0, stored: 0, unchanged: 0, failed: 0, failures: [], counts: {}, sources: {}, stages: {} };
  const progress: Progress = { done: 0, discovered: 0, stored: 0, unchanged: 0, failed: 0, current: '' };
  const report = () => options.onProgress?.({ ...progress });
  const client = options.http ?? new HttpClient(def.http ?? {});
  const extractor = options.workers === 0 ? inProcessExtractor() : workerExtractor(options.workers);

  // URLs taken by this run: the same page from two sources (a sitemap and a feed) is fetched once.
  const claimed = new Set<string>();
  const stage = (name: RunFailure['stage'], outcome: keyof StageCounts): void => {
    (summary.stages[name] ??= { ok: 0, skipped: 0, failed: 0 })[outcome]++;
  };
  /** Counts one document's outcome in its source, the run and the progress bar. */
  const tally = (counts: SourceCounts, outcome: 'stored' | 'unchanged' | 'failed' | 'skipped'): void => {
    counts[outcome]++;
    summary.documents++;
    progress.done++;
    if (outcome === 'skipped') return report();
    summary[outcome]++;
    progress[outcome]++;
    report();
  };
  const fail = (counts: SourceCounts, failure: RunFailure): void => {
    stage(failure.stage, 'failed');
    summary.failures.push(failure);
    log({ level: 'error', event: 'failed', source: failure.source, sourceName: failure.sourceName, stage: failure.stage, reason: failure.reason });
    tally(counts, 'failed');
  };
  const skip = (counts: SourceCounts, source: string, event: string, reason: string): void => {
    stage(event === 'too-old' ? 'load' : 'fetch', 'skipped');
    log({ level: event === 'disallowed' ? 'warn' : 'info', event, source, reason });
    tally(counts, 'skipped');
  };

  /** segment → extract → validate → store, for one loaded document; unchanged text is not re-extracted. */
  const processLoaded = async (doc: LoadedDocument, name: string, counts: SourceCounts, archive: ArchiveInput | undefined): Promise<void> => {
    progress.current = doc.source;
    const id = documentId(doc.source);
    const state = store.documentState(id);
    stage('load', 'ok');
    if (state && state.sha256 === sha256(doc.text) && state.extractorVersion === EXTRACTOR_VERSION) {
      stage('extract', 'skipped');
      if (archive) store.archiveInput(id, archive);
      log({ level: 'info', event: 'unchanged', source: doc.source });
      tally(counts, 'unchanged');
      return;
    }
    let record: ReportRecord;
    try {
      record = await extractor.extract(doc);
      stage('extract', 'ok');
    } catch (error) {
      fail(counts, { source: doc.source, sourceName: name, stage: 'extract', reason: (error as Error).message });
      return;
    }
    try {
      const result = store.writeRecord(record, { text: doc.text, extractorVersion: EXTRACTOR_VERSION, runId, archive });
      stage('store', 'ok');
      if (!result.unchanged) {
        for (const field of ['organizations', 'places', 'dates', 'people', 'identifiers', 'relations'] as const) {
          summary.counts[field] = (summary.counts[field] ?? 0) + record[field].length;
        }
      }
      log({ level: 'info', event: result.unchanged ? 'unchanged' : result.replaced ? 'replaced' : 'stored', source: doc.source,
        organizations: record.organizations.length, places: record.places.length, dates: record.dates.length, people: record.people.length });
      tally(counts, result.unchanged ? 'unchanged' : 'stored');
    } catch (error) {
      fail(counts, { source: doc.source, sourceName: name, stage: 'store', reason: (error as Error).message });
    }
  };

  const runFiles = async (source: Extract<SourceDefinition, { type: 'files' }>, name: string, counts: SourceCounts): Promise<void> => {
    const inFlight = new Set<Promise<void>>();
    for await (const item of loadSources(source.paths)) {
      if (options.signal?.aborted) break;
      counts.discovered++;
      progress.discovered++;
      if (isLoadFailure(item)) {
        fail(counts, { source: item.source, sourceName: name, stage: 'load', reason: item.reason });
        continue;
      }
      const task = processLoaded(item, name, counts, item.raw && { source: item.source, format: item.format, body: item.raw })
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
      // Files are read only as fast as the extractor takes them: memory stays flat.
      if (inFlight.size >= extractor.capacity) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  };

  /** Fetches `url`, which `found` leads to (itself, or the target of a redirect seen before). */
  const fetchOne = async (found: DiscoveredUrl, url: string, source: WebSourceDefinition, name: string, counts: SourceCounts): Promise<void> => {
    let response: FetchResponse;
    try {
      response = await client.get(url, { validators: store.validators(url) });
    } catch (error) {
      if (error instanceof FetchError && error.kind === 'robots') {
        // The site asked not to be fetched there: a decision, not a failure.
        skip(counts, url, 'disallowed', error.reason);
        return;
      }
      const reason = error instanceof FetchError ? error.reason : `could not fetch: ${(error as Error).message}`;
      fail(counts, { source: found.url, sourceName: name, stage: 'fetch', reason });
      return;
    }
    if (response.permanentRedirect) store.recordRedirect(found.url, response.finalUrl);
    // A document is stored under the URL that answered, once per run however many links lead there.
    const documentUrl = response.finalUrl;
    if (documentUrl !== url) {
      if (claimed.has(documentUrl)) {
        skip(counts, found.url, 'duplicate', `redirects to ${documentUrl}, already fetched in this run`);
        return;
      }
      claimed.add(documentUrl);
    }
    counts.fetched++;
    stage('fetch', 'ok');
    if (response.notModified) {
      counts.notModified++;
      log({ level: 'info', event: 'not-modified', source: documentUrl });
      tally(counts, 'unchanged');
      return;
    }
    let doc: LoadedPage;
    const format = /text\/plain/iu.test(response.contentType) ? 'text' : 'html';
    try {
      doc = documentFromBytes(response.body, documentUrl, format, {
        declaredCharset: charsetOfContentType(response.contentType), contentSelector: source.contentSelector,
      });
    } catch (error) {
      const reason = error instanceof LoadError ? error.reason : (error as Error).message;
      fail(counts, { source: documentUrl, sourceName: name, stage: 'load', reason });
      return;
    }
    for (const warning of doc.warnings ?? []) log({ level: 'warn', event: 'content', source: documentUrl, reason: warning });
    if (source.maxAgeDays && doc.publishedAt && now().getTime() - Date.parse(doc.publishedAt) > source.maxAgeDays * DAY_MS) {
      skip(counts, documentUrl, 'too-old', `published ${doc.publishedAt}, over maxAgeDays`);
      return;
    }
    await processLoaded(doc, name, counts, {
      source: documentUrl, format, body: response.body, contentType: response.contentType, contentSelector: source.contentSelector ?? null,
      etag: response.etag, lastModified: response.lastModified, fetchedAt: now().toISOString(),
    });
  };

  const runWeb = async (source: WebSourceDefinition, name: string, counts: SourceCounts): Promise<void> => {
    const inFlight = new Set<Promise<void>>();
    try {
      const onSkip = (url: string, reason: string) => log({ level: 'warn', event: 'discovery-skipped', source: url, sourceName: name, reason });
      for await (const found of discover(source, client, store, { now, onSkip })) {
        if (options.signal?.aborted) break;
        const url = store.redirectTarget(found.url) ?? found.url;
        if (claimed.has(url)) continue;
        claimed.add(url);
        counts.discovered++;
        progress.discovered++;
        const task = fetchOne(found, url, source, name, counts).finally(() => inFlight.delete(task));
        inFlight.add(task);
        if (inFlight.size >= IN_FLIGHT_PER_SOURCE) await Promise.race(inFlight);
      }
    } catch (error) {
      fail(counts, { source: 'url' in source ? source.url : source.urls[0], sourceName: name, stage: 'discover', reason: (error as Error).message });
    }
    await Promise.all(inFlight);
  };

  try {
    await Promise.all(def.sources.map(async (source) => {
      const name = uniqueName(summary.sources, sourceLabel(source));
      const counts = (summary.sources[name] = emptyCounts());
      log({ level: 'info', event: 'source-started', source: name });
      if (source.type === 'files') await runFiles(source, name, counts);
      else await runWeb(source, name, counts);
      log({ level: 'info', event: 'source-finished', source: name, ...counts });
    }));
    summary.http = { ...client.stats };
    const status = options.signal?.aborted ? 'failed' : summary.failed ? 'partial' : 'ok';
    store.endRun(runId, status, { ...summary.counts, documents: summary.documents, stored: summary.stored, unchanged: summary.unchanged, failed: summary.failed, sources: summary.sources, stages: summary.stages, http: summary.http }, summary.failures);
  } catch (error) {
    summary.failures.push({ source: '', sourceName: '', stage: 'run', reason: (error as Error).message });
    store.endRun(runId, 'failed', { ...summary.counts, sources: summary.sources, stages: summary.stages }, summary.failures);
    throw error;
  } finally {
    await extractor.close();
    session.close();
  }
  return summary;
}

/** The URLs a web source names or discovers, filtered by its include / exclude / age options. */
async function* discover(source: WebSourceDefinition, client: HttpClient, store: Store, runtime: DiscoverRuntime): AsyncGenerator<DiscoveredUrl> {
  if (source.type === 'urls') {
    const keep = compileUrlFilter(source);
    yield* source.urls.filter(keep).slice(0, source.maxUrls).map((url) => ({ url, modified: null }));
    return;
  }
  // Conditional too: an unchanged listing, sitemap or feed costs a 304 and is read from the cache.
  const get = async (url: string): Promise<Page> => {
    const cached = store.cachedPage(url);
    const r = await client.get(url, { validators: cached });
    if (r.notModified && cached) return { url, finalUrl: cached.finalUrl, contentType: cached.contentType, body: cached.body };
    store.cachePage({ url, finalUrl: r.finalUrl, contentType: r.contentType, etag: r.etag, lastModified: r.lastModified, body: r.body });
    return { url, finalUrl: r.finalUrl, contentType: r.contentType, body: r.body };
  };
  const { name: _name, description: _description, contentSelector: _selector, ...discovery } = source;
  yield* discoverSource(discovery, get, runtime);
}

function uniqueName(taken: Record<string, unknown>, name: string): string {
  if (!(name in taken)) return name;
  let n = 2;
  while (`${name} #${n}` in taken) n++;
  return `${name} #${n}`;
}
