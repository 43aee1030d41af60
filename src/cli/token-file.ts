// The authorization token of `credchain serve`: random, written to a fresh 0600 file in a fresh 0700
// directory (what AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE names), never printed, removed on stop.

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TokenFile {
  path: string;
  token: string;
  remove(): Promise<void>;
}

export async function createTokenFile(): Promise<TokenFile> {
  const token = randomBytes(32).toString('base64url');
  const directory = await mkdtemp(join(tmpdir(), 'credchain-serve-'));
  const path = join(directory, 'token');
  // `wx`: a file that exists already (planted) is an error, never overwritten or followed.
  await writeFile(path, token, { mode: 0o600, flag: 'wx' });
  return { path, token, remove: () => rm(directory, { recursive: true, force: true }) };
}
