// A real HTTP server on 127.0.0.1 for the fetch tests: it records every request (path, host,
// headers, start time), counts hits per path and tracks how many requests were in flight at once.
import { createServer, type IncomingMessage, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';

export type Handler = (req: IncomingMessage, res: ServerResponse, path: string) => void | Promise<void>;

export interface SeenRequest {
  path: string;
  host: string;
  headers: IncomingHttpHeaders;
  startedAt: number;
}

export interface TestServer {
  port: number;
  /** `http://<host>:<port><path>`; 127.0.0.1 and localhost reach the same server as two hosts. */
  url(path: string, host?: '127.0.0.1' | 'localhost'): string;
  hits(path: string): number;
  seen: SeenRequest[];
  maxInFlight: number;
  close(): Promise<void>;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startServer(handler: Handler): Promise<TestServer> {
  const seen: SeenRequest[] = [];
  let inFlight = 0;
  const state = { maxInFlight: 0 };
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    seen.push({ path, host: (req.headers.host ?? '').replace(/:\d+$/, ''), headers: req.headers, startedAt: Date.now() });
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    Promise.resolve(handler(req, res, path)).catch((e: unknown) => {
      res.destroy(e instanceof Error ? e : new Error(String(e)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path, host = '127.0.0.1') => `http://${host}:${port}${path}`,
    hits: (path) => seen.filter((r) => r.path === path).length,
    seen,
    get maxInFlight() {
      return state.maxInFlight;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Answers /robots.txt with 404 (no rules) so that tests about other things are not refused. */
export function noRobots(handler: Handler): Handler {
  return (req, res, path) => {
    if (path === '/robots.txt') {
      res.writeHead(404).end();
      return;
    }
    return handler(req, res, path);
  };
}

/**
 * Request starts, as the server saw them, at least `interval` apart. The server sees each start
 * a little after the client made it, by a delay that varies under load: hence the slack.
 */
export function expectSpaced(starts: number[], interval: number): void {
  for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(interval * 0.75);
  expect(starts[starts.length - 1] - starts[0]).toBeGreaterThanOrEqual((starts.length - 1) * interval - 30);
}
