// The loopback AWS emulator: one node:http server on 127.0.0.1 serving IMDS, the container endpoint,
// STS, the SSO portal, SSO-OIDC and the sign-in token endpoint (`aws login`) for a scenario, with fault injection and a request log. The demo,
// the end-to-end tests and the benchmark run against it; nothing here ever leaves the machine.
// `emulator.request` serves the same routes in process, as a Context.request (in-process.ts); the
// routes, faults and request log themselves are core.ts, which inProcessEmulator() serves with no socket.
//
//   const emulator = await startEmulator();
//   const provider = credentialChain({ context: { env: emulator.env({ container: false }) } });
//   ... emulator.count('imds:credentials'); await emulator.close();

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './listen-loopback.js';
import type { HttpRequest, HttpResponse } from '../context.js';
import { createEmulatorCore, type EmulatorCoreOptions } from './core.js';
import { serveInProcess, type InProcessEmulator, type InProcessEmulatorOptions } from './in-process.js';
import { send, type Sleep } from './reply.js';
import type { EmulatorRequest } from './world.js';

export type { Fault } from './faults.js';
export type { RequestLogEntry } from './core.js';
export { inProcessEmulator, type InProcessEmulator, type InProcessEmulatorOptions } from './in-process.js';
export type { IssuedCredentials } from './identities.js';
export type { LoginCacheOptions } from './login-cache.js';
export { resolveScenario, readScenarioInput, defaultRoles, ScenarioError } from './scenario.js';
// For the scripts that drive the emulator (scripts/demo-serve.mjs) and print the keys it issued: masked as
// credchain masks them (the package entry exports only the credential providers).
export { maskKeyId } from '../errors.js';
export type { Scenario, ScenarioInput, ScenarioRole, ScenarioUser } from './scenario.js';

/** `sleep`: how `request` (in process) waits for fault delays and client deadlines (the HTTP server always waits on real timers). */
export interface StartEmulatorOptions extends EmulatorCoreOptions, Pick<InProcessEmulatorOptions, 'sleep'> {
  /** Port on 127.0.0.1; default: a free one. */
  port?: number;
}

export interface EmulatorEnvOptions {
  /** Include AWS_CONTAINER_CREDENTIALS_FULL_URI + AWS_CONTAINER_AUTHORIZATION_TOKEN (default true). */
  container?: boolean;
  /** Include AWS_EC2_METADATA_SERVICE_ENDPOINT and AWS_EC2_METADATA_DISABLED=false (default true). */
  imds?: boolean;
  /** Include AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY of a scenario user: true = the first one, or a user name (default false). */
  keys?: boolean | string;
}

export interface Emulator extends InProcessEmulator {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  /** Variables that point credchain or the AWS SDK at this emulator. */
  env(options?: EmulatorEnvOptions): Record<string, string>;
  /**
   * The emulator as a Context.request, without a socket (in-process.ts): same routes, faults and request
   * log; what only the wire shows (a drop, a cut body, a passed deadline) comes back as nodeRequest's
   * NetworkError. Any other origin is refused.
   */
  request(request: HttpRequest): Promise<HttpResponse>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

export async function startEmulator(options: StartEmulatorOptions = {}): Promise<Emulator> {
  const core = createEmulatorCore(options);
  const { scenario } = core.state;
  const timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  const realSleep: Sleep = (ms, until) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(entry.timer);
        timers.delete(entry);
        resolve();
      };
      const entry = { timer: setTimeout(done, ms), resolve };
      timers.add(entry);
      void until?.then(done, done);
    });

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end('emulator error');
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrival = { time: core.now(), at: performance.now() };
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request: EmulatorRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body, rawUrl: req.url ?? '/' };
    const { route, fault, reply } = await core.exchange(request);
    const status = await send(res, reply, fault, realSleep);
    core.log(request, route, status, fault !== undefined, arrival);
  }

  const port = await listenOnLoopback(server, options.port);
  const url = `http://127.0.0.1:${port}`;
  return {
    ...core.state,
    ...serveInProcess(core, { sleep: options.sleep ?? realSleep, origin: url }),
    url,
    port,
    env(envOptions: EmulatorEnvOptions = {}) {
      const env: Record<string, string> = {
        AWS_REGION: scenario.region,
        AWS_ENDPOINT_URL_STS: url,
        AWS_ENDPOINT_URL_SSO: url,
        AWS_ENDPOINT_URL_SSO_OIDC: url,
        AWS_ENDPOINT_URL_SIGNIN: url,
      };
      if (envOptions.imds !== false) {
        env.AWS_EC2_METADATA_SERVICE_ENDPOINT = url;
        env.AWS_EC2_METADATA_DISABLED = 'false';
      }
      if (envOptions.container !== false) {
        env.AWS_CONTAINER_CREDENTIALS_FULL_URI = url + scenario.container.path;
        if (scenario.container.authorizationToken !== null) env.AWS_CONTAINER_AUTHORIZATION_TOKEN = scenario.container.authorizationToken;
      }
      if (envOptions.keys) {
        const user = core.scenarioUser(typeof envOptions.keys === 'string' ? envOptions.keys : undefined);
        env.AWS_ACCESS_KEY_ID = user.accessKeyId;
        env.AWS_SECRET_ACCESS_KEY = user.secretAccessKey;
      }
      return env;
    },
    async close() {
      for (const entry of timers) {
        clearTimeout(entry.timer);
        entry.resolve();
      }
      timers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
