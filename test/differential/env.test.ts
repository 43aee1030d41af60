// Differential: the env step against the SDK's fromNodeProviderChain() on the same environment, the
// next identity a loopback container endpoint (the emulator). Parity for a full pair and for nothing
// set; the deliberate difference for half a pair (docs/behaviour.md, "Deliberate differences").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialChain } from '../../src/chain.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { runSdkChain } from '../support/sdk-oracle.js';

const KEY_ID = 'AKIAENVDIFFERENTIAL1';
const SECRET = 'envDifferentialSecret/0123456789abcdefgh';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => emulator?.close());

async function both(vars: Record<string, string>) {
  const env = { ...emulator.env({ imds: false }), AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials', ...vars };
  const sdk = await runSdkChain(env);
  const ours = await credentialChain({ context: { env }, ignoreCache: true })().then(
    (credentials) => ({ credentials, error: undefined }),
    (error: Error) => ({ credentials: undefined, error }),
  );
  return { sdk, ours };
}

describe('env step against the SDK', () => {
  it('parity: a full pair answers; nothing set moves on to the container endpoint', async () => {
    const full = await both({ AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET });
    expect(full.sdk.credentials?.accessKeyId).toBe(KEY_ID);
    expect(full.ours.credentials?.accessKeyId).toBe(KEY_ID);
    const none = await both({});
    expect(none.sdk.credentials?.accessKeyId).toMatch(/^ASIA/);
    expect(none.ours.credentials?.source).toBe('container');
  });

  for (const [set, missing, vars] of [
    ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', { AWS_ACCESS_KEY_ID: KEY_ID }],
    ['AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', { AWS_SECRET_ACCESS_KEY: SECRET }],
  ] as const) {
    it(`deliberate difference: only ${set} set — the SDK moves on to the next identity, credchain stops naming ${missing}`, async () => {
      emulator.reset();
      const { sdk, ours } = await both(vars);
      expect(sdk.credentials?.accessKeyId, `SDK: ${sdk.error?.message}`).toMatch(/^ASIA/);
      expect(emulator.count('container')).toBe(1);
      expect(ours.credentials).toBeUndefined();
      expect(ours.error?.message).toMatch(new RegExp(`^env: ${set} is set but ${missing} is not: half a key pair`));
      expect(ours.error?.message).not.toContain(SECRET);
    });
  }
});
