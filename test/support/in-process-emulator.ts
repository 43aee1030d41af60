// The loopback emulator's answers without the loopback: a Context.request-shaped function served
// in-process by the emulator's own route families and world (src/emulator), on a clock the caller
// gives. For tests and simulations that must not open sockets: the week-long soak, thousands of
// simulated pods (bench/fleet-child.mjs). No faults here: a caller wraps `request` to fail on purpose.
//
//   const emulator = inProcessEmulator({ now: clock.now, scenario: { credentialLifetimeSeconds: 3600 } });
//   const chain = credentialChain({ context: { ...machine.context, request: emulator.request } });

import type { HttpRequest, HttpResponse } from '../../src/context.js';
import { Identities, type IssuedCredentials } from '../../src/emulator/identities.js';
import type { Reply } from '../../src/emulator/reply.js';
import { containerRoutes } from '../../src/emulator/routes/container.js';
import { imdsRoutes } from '../../src/emulator/routes/imds.js';
import { signinRoutes } from '../../src/emulator/routes/signin.js';
import { ssoRoutes } from '../../src/emulator/routes/sso.js';
import { stsRoutes } from '../../src/emulator/routes/sts.js';
import { resolveScenario, type Scenario, type ScenarioInput } from '../../src/emulator/scenario.js';
import type { EmulatorRequest, RouteFamily, World } from '../../src/emulator/world.js';

/** The route families in the order src/emulator/index.ts tries them. */
const FAMILIES: RouteFamily[] = [imdsRoutes, containerRoutes, stsRoutes, ssoRoutes, signinRoutes];

export interface InProcessEmulator {
  readonly scenario: Scenario;
  /** One exchange, as Context.request: the emulator's answer, with no socket and no wait. */
  request(request: HttpRequest): Promise<HttpResponse>;
  /** The route a request goes to (`sts:AssumeRoleWithWebIdentity`, `imds:token`, … or `unknown`). */
  route(request: HttpRequest): string;
  /** Credentials the emulator issued (or a scenario user's), with who issued them. */
  issued(accessKeyId: string): IssuedCredentials | undefined;
  /** Every secret issued or accepted so far: what must never be printed. */
  secrets(): string[];
}

export function inProcessEmulator(options: { now: () => number; scenario?: ScenarioInput }): InProcessEmulator {
  const scenario = resolveScenario(options.scenario);
  const world: World = {
    scenario,
    identities: new Identities(scenario, options.now),
    now: options.now,
    imdsTokens: new Map(),
    login: { jtis: new Set(), secrets: new Set(), boundKeys: new Map() },
  };

  const match = (request: EmulatorRequest): { route: string; family?: RouteFamily } => {
    for (const family of FAMILIES) {
      const route = family.match(request);
      if (route) return { route, family };
    }
    return { route: 'unknown' };
  };

  return {
    scenario,
    async request(request) {
      const incoming = toEmulatorRequest(request);
      const { route, family } = match(incoming);
      const reply: Reply = family ? await family.handle(route, incoming, world) : { status: 404, contentType: 'text/plain', body: `no emulated endpoint at ${incoming.method} ${incoming.path}` };
      return { status: reply.status, headers: { ...lowerCase(reply.headers ?? {}), 'content-type': reply.contentType }, body: reply.body };
    },
    route: (request) => match(toEmulatorRequest(request)).route,
    issued: (accessKeyId) => world.identities.get(accessKeyId),
    secrets() {
      const issued = world.identities.all().flatMap((credentials) => [credentials.secretAccessKey, credentials.sessionToken]);
      return [...issued, ...scenario.webIdentity.tokens, ...world.imdsTokens.keys()].filter((value): value is string => typeof value === 'string' && value !== '');
    },
  };
}

function toEmulatorRequest(request: HttpRequest): EmulatorRequest {
  const url = new URL(request.url);
  return {
    method: request.method,
    path: url.pathname,
    query: url.searchParams,
    headers: lowerCase(request.headers ?? {}),
    body: request.body ?? '',
    rawUrl: url.pathname + url.search,
  };
}

function lowerCase(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
