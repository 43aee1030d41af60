// What every route handler sees: the parsed request and the emulator's shared state.

import type { IncomingHttpHeaders } from 'node:http';
import type { Identities } from './identities.js';
import type { Reply } from './reply.js';
import type { Scenario } from './scenario.js';

export interface EmulatorRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  /** Lower-case names, as node:http gives them. */
  headers: IncomingHttpHeaders;
  body: string;
  /** The URL as the client sent it (path and query), for signature checks. */
  rawUrl: string;
}

export interface World {
  scenario: Scenario;
  identities: Identities;
  now(): number;
  /** IMDSv2 session tokens → expiry (epoch ms). */
  imdsTokens: Map<string, number>;
  /** The sign-in service's memory: DPoP proofs seen (jti and the proofs themselves), keys bound to refresh tokens. */
  login: LoginState;
}

export interface LoginState {
  jtis: Set<string>;
  /** Every proof received and every DPoP key / id token handed out in a cache file: secrets. */
  secrets: Set<string>;
  /** Refresh token → the JWK thumbprint of the key it is bound to (set on first use, inherited on rotation). */
  boundKeys: Map<string, string>;
}

export interface RouteFamily {
  /** The route name for this request (e.g. `imds:token`), or undefined when it is not this family's. */
  match(request: EmulatorRequest): string | undefined;
  handle(route: string, request: EmulatorRequest, world: World): Reply | Promise<Reply>;
}

export function header(request: EmulatorRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}
