// The default order of the chain (SPEC §1). Each source is loaded only when the chain reaches it,
// so a cold start pays for the sources it consults and nothing else. A new source: one file in
// src/providers/ exporting `source`, plus one line here.

import type { CredentialSource, SourceName } from '../source.js';
// Static, not lazy: env is consulted first on every resolution, so loading it separately only adds a file.
import { source as env } from './env.js';

function lazy(name: SourceName, load: () => Promise<{ source: CredentialSource }>): CredentialSource {
  return { name, resolve: async (input) => (await load()).source.resolve(input) };
}

export const defaultOrder: readonly CredentialSource[] = [
  env,
  lazy('sso', () => import('./sso.js')),
  lazy('profile', () => import('./profile.js')),
  lazy('process', () => import('./process.js')),
  lazy('web-identity', () => import('./web-identity.js')),
  lazy('container', () => import('./container.js')),
  lazy('imds', () => import('./imds.js')),
];

export function sourceByName(name: SourceName): CredentialSource {
  const found = defaultOrder.find((source) => source.name === name);
  if (!found) throw new TypeError(`credchain: unknown source "${name}"; known sources: ${defaultOrder.map((s) => s.name).join(', ')}`);
  return found;
}
