// The loopback AWS emulator: one node:http server on 127.0.0.1 serving IMDS, the container endpoint,
// STS, the SSO portal, SSO-OIDC and the sign-in token endpoint (`aws login`) for a scenario, with fault injection and a request log. The demo,
// the end-to-end tests and the benchmark run against it; nothing here ever leaves the machine.
// `emulator.request` serves the same routes in process, as a Context.request (in-process.ts).
//
//   const emulator = await startEmulator();
//   const provider = credentialChain({ context: { env: emulator.env({ container: false }) } });
//   ... emulator.count('imds:credentials'); await emulator.close();

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../io/listen-loopback.js';
import { FaultTable, routeMatches, type Fault } from './faults.js';
import { Identities, type IssuedCredentials } from './identities.js';
import { send, text, type Reply, type Sleep } from './reply.js';
import { containerRoutes } from './routes/container.js';
import { imdsRoutes } from './routes/imds.js';
import { makeLoginCache, type LoginCacheOptions } from './login-cache.js';
import { signinRoutes } from './routes/signin.js';
import { ssoRoutes } from './routes/sso.js';
import { stsRoutes } from './routes/sts.js';
import { resolveScenario, type Scenario, type ScenarioInput } from './scenario.js';
import type { EmulatorRequest, RouteFamily, World } from './world.js';
import { inProcessRequest, toEmulatorRequest, type Exchange } from './in-process.js';
import type { HttpRequest, HttpResponse } from '../context.js';

export type { Fault } from './faults.js';
export type { IssuedCredentials } from './identities.js';
export type { LoginCacheOptions } from './login-cache.js';
export { resolveScenario, readScenarioInput, defaultRoles, ScenarioError } from './scenario.js';
export type { Scenario, ScenarioInput, ScenarioRole, ScenarioUser } from './scenario.js';

export interface StartEmulatorOptions {
  /** Port on 127.0.0.1; default: a free one. */
  port?: number;
  /** A scenario (or any part of one; the rest gets defaults and random secrets). */
  scenario?: ScenarioInput | Scenario;
  /** The emulator's clock (issued expirations, IMDS token lifetimes); default Date.now. */
  now?: () => number;
  /** How `request` (in process) waits: fault delays and client deadlines; default real timers. A virtual clock's sleep makes them instant. */
  sleep?: (ms: number) => Promise<void>;
  /** Called after each request is answered (the `emulate` command prints a live log with it). */
  onRequest?: (entry: RequestLogEntry) => void;
}

export interface RequestLogEntry {
  method: string;
  /** Without the query string. */
  path: string;
  /** `imds:token`, `imds:roles`, `imds:credentials`, `container`, `sts:AssumeRole`, `sts:AssumeRoleWithWebIdentity`,
   *  `sts:GetCallerIdentity`, `sts:GetSessionToken`, `sso:GetRoleCredentials`, `sso-oidc:CreateToken`, `signin:CreateOAuth2Token`, or `unknown`. */
  route: string;
  /** The status sent; 0 when the connection was dropped on purpose. */
  status: number;
  /** Epoch ms when the request arrived. */
  time: number;
  /** Time to answer, in ms. */
  ms: number;
  /** Whether a fault was applied. */
  faulted: boolean;
}

export interface EmulatorEnvOptions {
  /** Include AWS_CONTAINER_CREDENTIALS_FULL_URI + AWS_CONTAINER_AUTHORIZATION_TOKEN (default true). */
  container?: boolean;
  /** Include AWS_EC2_METADATA_SERVICE_ENDPOINT and AWS_EC2_METADATA_DISABLED=false (default true). */
  imds?: boolean;
  /** Include AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY of a scenario user: true = the first one, or a user name (default false). */
  keys?: boolean | string;
}

export interface Emulator {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  /** The live scenario: changes (lifetime, tokens, roles…) apply to the next request. */
  readonly scenario: Scenario;
  /** Variables that point credchain or the AWS SDK at this emulator. */
  env(options?: EmulatorEnvOptions): Record<string, string>;
  /**
   * The emulator as a Context.request, without a socket: same routes, faults and request log; what only
   * the wire shows (a drop, a cut body, a passed deadline) comes back as nodeRequest's NetworkError.
   * Any other origin is refused.
   */
  request(request: HttpRequest): Promise<HttpResponse>;
  /** The route that answers `request` (`sts:AssumeRole`, `imds:token`, … or `unknown`). */
  routeOf(request: HttpRequest): string;
  /** A ~/.aws/credentials section giving `profile` the static keys of a scenario user (default: the first one). */
  credentialsProfile(profile: string, userName?: string): string;
  /** Every request so far, in arrival order. Never holds a secret. */
  readonly requests: readonly RequestLogEntry[];
  /** Requests to a route (exact, or a family such as `sts` / `imds`); all requests when omitted. */
  count(route?: string): number;
  /** Sets (or clears, with undefined) the fault of a route or route family. */
  fault(route: string, fault: Fault | undefined): void;
  /** An `aws login` cache file (JSON object) for the scenario's signed-in identity, with a new DPoP key. */
  loginCache(options: LoginCacheOptions): Record<string, unknown>;
  /** Credentials the emulator issued or knows (scenario users), with the identity behind them. */
  issued(accessKeyId: string): IssuedCredentials | undefined;
  /** Every secret value made or accepted so far (secret keys, session/bearer/IMDS/web identity tokens, client secret,
   *  login refresh tokens, DPoP keys and proofs, id tokens): what must never be printed. */
  secrets(): string[];
  /** Forgets the request log and every fault. */
  reset(): void;
  close(): Promise<void>;
}

const families: RouteFamily[] = [imdsRoutes, containerRoutes, stsRoutes, ssoRoutes, signinRoutes];
const MAX_BODY_BYTES = 1024 * 1024;

export async function startEmulator(options: StartEmulatorOptions = {}): Promise<Emulator> {
  const now = options.now ?? (() => Date.now());
  const scenario = resolveScenario(options.scenario);
  const world: World = {
    scenario,
    identities: new Identities(scenario, now),
    now,
    imdsTokens: new Map(),
    login: { jtis: new Set(), secrets: new Set(), boundKeys: new Map() },
  };
  const faults = new FaultTable();
  const requests: RequestLogEntry[] = [];
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
  const inProcessSleep: Sleep = options.sleep ?? realSleep;

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end('emulator error');
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = { time: now(), at: performance.now() };
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request: EmulatorRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body, rawUrl: req.url ?? '/' };
    const { route, fault, reply } = await exchange(request);
    const status = await send(res, reply, fault, realSleep);
    log(request, route, status, fault !== undefined, started);
  }

  /** Finds the route, takes its fault and answers, unless the fault replaces the answer: no credentials are issued for a 503. */
  async function exchange(request: EmulatorRequest): Promise<Exchange> {
    const { route, family } = routeFor(request);
    const fault = faults.take(route);
    const replaced = fault?.status !== undefined || fault?.drop === true;
    const reply = replaced ? text(200, '') : await answer(family, route, request);
    return { route, fault, reply };
  }

  function routeFor(request: EmulatorRequest): { route: string; family: RouteFamily | undefined } {
    for (const family of families) {
      const route = family.match(request);
      if (route) return { route, family };
    }
    return { route: 'unknown', family: undefined };
  }

  function log(request: EmulatorRequest, route: string, status: number, faulted: boolean, started: { time: number; at: number }): void {
    const entry: RequestLogEntry = { method: request.method, path: request.path, route, status, time: started.time, ms: Math.round(performance.now() - started.at), faulted };
    requests.push(entry);
    options.onRequest?.(entry);
  }

  async function answer(family: RouteFamily | undefined, route: string, request: EmulatorRequest): Promise<Reply> {
    if (!family) return text(404, `no emulated endpoint at ${request.method} ${request.path}`);
    try {
      return await family.handle(route, request, world);
    } catch (error) {
      // A bug in the emulator shows up as a 500 that says so, and in the request log.
      return text(500, `emulator error in ${route}: ${(error as Error).message}`);
    }
  }

  const port = await listenOnLoopback(server, options.port);
  const url = `http://127.0.0.1:${port}`;
  /** A scenario user by name, or the first one. */
  const scenarioUser = (name: string | undefined) => {
    const user = name === undefined ? Object.values(scenario.users)[0] : scenario.users[name];
    if (!user) throw new TypeError(`emulator: no scenario user ${name === undefined ? 'at all' : `"${name}"`}`);
    return user;
  };

  return {
    url,
    port,
    scenario,
    requests,
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
        const user = scenarioUser(typeof envOptions.keys === 'string' ? envOptions.keys : undefined);
        env.AWS_ACCESS_KEY_ID = user.accessKeyId;
        env.AWS_SECRET_ACCESS_KEY = user.secretAccessKey;
      }
      return env;
    },
    request(request) {
      return inProcessRequest({ origin: url, exchange, sleep: inProcessSleep, log, now }, request);
    },
    routeOf(request) {
      return routeFor(toEmulatorRequest(request)).route;
    },
    credentialsProfile(profile, userName) {
      const user = scenarioUser(userName);
      return `[${profile}]\naws_access_key_id = ${user.accessKeyId}\naws_secret_access_key = ${user.secretAccessKey}\n`;
    },
    count(route) {
      return route === undefined ? requests.length : requests.filter((entry) => routeMatches(entry.route, route)).length;
    },
    fault(route, fault) {
      faults.set(route, fault);
    },
    loginCache(cacheOptions) {
      return makeLoginCache(world, cacheOptions);
    },
    issued(accessKeyId) {
      return world.identities.get(accessKeyId);
    },
    secrets() {
      const { container, webIdentity, sso, login } = scenario;
      return [
        ...world.identities.all().flatMap((issued) => [issued.secretAccessKey, issued.sessionToken]),
        container.authorizationToken,
        ...webIdentity.tokens,
        ...sso.accessTokens,
        ...sso.refreshTokens,
        sso.clientSecret,
        ...login.refreshTokens,
        ...world.login.secrets,
        ...world.imdsTokens.keys(),
      ].filter((value): value is string => typeof value === 'string' && value !== '');
    },
    reset() {
      requests.length = 0;
      faults.clear();
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
