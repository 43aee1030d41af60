// A synthetic machine for unit tests: env, an in-memory file system, a manual clock whose sleep()
// advances time instantly, a scripted HTTP handler and a recording logger. No real I/O at all.

import type { Context, HttpRequest, HttpResponse, Logger } from '../../src/context.js';

export interface FakeMachine {
  context: Context;
  files: Map<string, string>;
  logs: string[];
  clock: { now: number; advance(ms: number): void };
  requests: HttpRequest[];
}

export interface FakeMachineOptions {
  env?: Record<string, string>;
  files?: Record<string, string>;
  now?: number | string;
  request?: (request: HttpRequest) => Promise<HttpResponse> | HttpResponse;
  home?: string;
}

export function fakeMachine(options: FakeMachineOptions = {}): FakeMachine {
  const files = new Map(Object.entries(options.files ?? {}));
  const logs: string[] = [];
  const requests: HttpRequest[] = [];
  const clock = {
    now: typeof options.now === 'string' ? Date.parse(options.now) : (options.now ?? Date.parse('2026-11-22T12:00:00Z')),
    advance(ms: number) {
      clock.now += ms;
    },
  };
  const logger: Logger = {
    debug: (m) => logs.push(`debug ${m}`),
    info: (m) => logs.push(`info ${m}`),
    warn: (m) => logs.push(`warn ${m}`),
    error: (m) => logs.push(`error ${m}`),
  };
  const context: Context = {
    env: { HOME: options.home ?? '/home/test', ...options.env },
    readFile: async (path) => files.get(path),
    writeFileAtomic: async (path, contents) => {
      files.set(path, contents);
    },
    request: async (request) => {
      requests.push(request);
      if (!options.request) throw new Error(`unexpected request ${request.method} ${request.url}`);
      return options.request(request);
    },
    now: () => clock.now,
    sleep: async (ms) => clock.advance(ms),
    runCommand: async () => {
      throw new Error('unexpected command');
    },
    homedir: () => options.home ?? '/home/test',
    platform: 'linux',
    logger,
  };
  return { context, files, logs, clock, requests };
}
