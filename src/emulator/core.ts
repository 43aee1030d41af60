// The emulator's state and routes without any transport: the scenario and its world (identities
// issued, IMDS sessions, sign-in memory), the route families, fault injection and the request log.
// Two transports serve it: the loopback HTTP server (index.ts, startEmulator) and a Context.request
// in process (in-process.ts: emulator.request, and inProcessEmulator() with no socket at all).

import { FaultTable, routeMatches, type Fault } from './faults.js';
import { Identities, type IssuedCredentials } from './identities.js';
import { makeLoginCache, type LoginCacheOptions } from './login-cache.js';
import { text, type Reply } from './reply.js';
import { containerRoutes } from './routes/container.js';
import { imdsRoutes } from './routes/imds.js';
import { signinRoutes } from './routes/signin.js';
import { ssoRoutes } from './routes/sso.js';
import { stsRoutes } from './routes/sts.js';
import { findRole, resolveScenario, type Scenario, type ScenarioInput, type ScenarioUser } from './scenario.js';
import type { EmulatorRequest, RouteFamily, World } from './world.js';

export interface EmulatorCoreOptions {
  /** A scenario (or any part of one; the rest gets defaults and random secrets). */
  scenario?: ScenarioInput | Scenario;
  /** The emulator's clock (issued expirations, IMDS token lifetimes); default Date.now. */
  now?: () => number;
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

/** What every emulator offers, whatever serves it. */
export interface EmulatorState {
  /** The live scenario: changes (lifetime, tokens, roles…) apply to the next request. */
  readonly scenario: Scenario;
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
  /**
   * A session of a scenario role (by name or ARN) handed out directly, the way the Lambda service gives
   * a function its execution role's credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN).
   */
  roleSession(role: string, sessionName: string): IssuedCredentials;
  /** Every secret value made or accepted so far (secret keys, session/bearer/IMDS/web identity tokens, client secret,
   *  login refresh tokens, DPoP keys and proofs, id tokens): what must never be printed. */
  secrets(): string[];
  /** Forgets the request log and every fault. */
  reset(): void;
}

/** One exchange as the routes settled it, before any transport sends it. */
export interface Exchange {
  route: string;
  fault: Fault | undefined;
  /** What the route answered (or would have: a fault that replaces the answer skips the handler). */
  reply: Reply;
}

/** When a request arrived: epoch ms on the emulator's clock, and performance.now() for its duration. */
export interface Arrival {
  time: number;
  at: number;
}

/** The state, and what a transport needs to serve it. */
export interface EmulatorCore {
  /** What the emulator offers its users (startEmulator's and inProcessEmulator's objects spread it). */
  state: EmulatorState;
  now(): number;
  /** Finds the route, takes its fault and answers, unless the fault replaces the answer: no credentials are issued for a 503. */
  exchange(request: EmulatorRequest): Promise<Exchange>;
  /** The route that answers `request` (`sts:AssumeRole`, `imds:token`, … or `unknown`). */
  routeFor(request: EmulatorRequest): string;
  /** Records the exchange in the request log: the status sent (0 for a dropped connection). */
  log(request: EmulatorRequest, route: string, status: number, faulted: boolean, arrival: Arrival): void;
  /** A scenario user by name, or the first one (a TypeError when there is none). */
  scenarioUser(name?: string): ScenarioUser;
}

const families: RouteFamily[] = [imdsRoutes, containerRoutes, stsRoutes, ssoRoutes, signinRoutes];

export function createEmulatorCore(options: EmulatorCoreOptions = {}): EmulatorCore {
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

  function match(request: EmulatorRequest): { route: string; family: RouteFamily | undefined } {
    for (const family of families) {
      const route = family.match(request);
      if (route) return { route, family };
    }
    return { route: 'unknown', family: undefined };
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

  /** A scenario user by name, or the first one. */
  const scenarioUser = (name: string | undefined) => {
    const user = name === undefined ? Object.values(scenario.users)[0] : scenario.users[name];
    if (!user) throw new TypeError(`emulator: no scenario user ${name === undefined ? 'at all' : `"${name}"`}`);
    return user;
  };

  const state: EmulatorState = {
    scenario,
    requests,
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
    roleSession(role, sessionName) {
      const found = findRole(scenario, role);
      if (!found) throw new TypeError(`emulator: no scenario role "${role}" (roles: ${Object.keys(scenario.roles).join(', ')})`);
      return world.identities.issueRoleSession(found, sessionName, 'lambda');
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
  };

  return {
    state,
    now,
    scenarioUser,
    async exchange(request) {
      const { route, family } = match(request);
      const fault = faults.take(route);
      const replaced = fault?.status !== undefined || fault?.drop === true;
      const reply = replaced ? text(200, '') : await answer(family, route, request);
      return { route, fault, reply };
    },
    routeFor: (request) => match(request).route,
    log(request, route, status, faulted, arrival) {
      const entry: RequestLogEntry = { method: request.method, path: request.path, route, status, time: arrival.time, ms: Math.round(performance.now() - arrival.at), faulted };
      requests.push(entry);
      options.onRequest?.(entry);
    },
  };
}
