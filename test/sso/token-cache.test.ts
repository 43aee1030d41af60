// The SSO token cache: file naming (vs the SDK), reading/validating, and writing back in the CLI format.
import { mkdtempSync, readFileSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultContext } from '../../src/context.js';
import { cacheTimestamp, readSsoToken, ssoTokenCacheKey, ssoTokenCachePath, writeSsoToken } from '../../src/sso/token-cache.js';
import { fakeMachine } from '../support/fake-context.js';
import { labelled } from '../support/source-input.js';
import { withProcessEnv } from '../support/sdk-oracle.js';
import { ACCESS_TOKEN, CLIENT_SECRET, HOME, LEGACY_CACHE_FILE, NEW_ACCESS_TOKEN, REFRESH_TOKEN, SESSION, SESSION_CACHE_FILE, START_URL, expectNoSecrets, sessionToken } from './harness.js';
import { expectBroken } from '../support/outcomes.js';

const FIX = 'run `aws sso login --profile dev`';

describe('SSO token cache naming (docs/behaviour.md, "SSO")', () => {
  it('is sha1 hex of the sso-session name, or of the start URL for legacy profiles', () => {
    const { context } = fakeMachine({ home: HOME });
    expect(ssoTokenCachePath(context, SESSION)).toBe(SESSION_CACHE_FILE);
    expect(ssoTokenCachePath(context, START_URL)).toBe(LEGACY_CACHE_FILE);
    expect(ssoTokenCacheKey('')).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
  });

  it('uses the same home rules as the config files: HOME, USERPROFILE, HOMEDRIVE+HOMEPATH, then the OS', () => {
    const base = fakeMachine().context;
    const at = (env: Record<string, string | undefined>, platform = 'linux') => ssoTokenCachePath({ ...base, env, platform, homedir: () => '/os/home' }, SESSION);
    const file = '0ad374308c5a4e22f723adf10145eafad7c4031c.json';
    expect(at({ HOME: '/h', USERPROFILE: '/u' })).toBe(`/h/.aws/sso/cache/${file}`);
    expect(at({ USERPROFILE: '/u' })).toBe(`/u/.aws/sso/cache/${file}`);
    expect(at({ HOMEDRIVE: 'D:', HOMEPATH: '\\Users\\me' }, 'win32')).toBe(`D:\\Users\\me\\.aws\\sso\\cache\\${file}`);
    expect(at({})).toBe(`/os/home/.aws/sso/cache/${file}`);
  });

  it('names the same file as the AWS SDK (getSSOTokenFilepath)', async () => {
    const { getSSOTokenFilepath } = await import('@smithy/core/config' as string);
    await withProcessEnv({ HOME }, async () => {
      const { context } = fakeMachine({ home: HOME });
      expect(ssoTokenCachePath(context, SESSION)).toBe(getSSOTokenFilepath(SESSION));
      expect(ssoTokenCachePath(context, START_URL)).toBe(getSSOTokenFilepath(START_URL));
    });
  });
});

describe('reading a cached token', () => {
  const read = (contents: string | undefined) => {
    const machine = fakeMachine({ files: contents === undefined ? {} : { [SESSION_CACHE_FILE]: contents } });
    return labelled('profile', readSsoToken(machine.context, SESSION_CACHE_FILE, FIX));
  };

  it('returns the fields the AWS CLI writes', async () => {
    const token = await read(sessionToken(Date.parse('2026-11-22T13:00:00Z')));
    expect(token).toMatchObject({ accessToken: ACCESS_TOKEN, refreshToken: REFRESH_TOKEN, clientId: 'client-id-123', clientSecret: CLIENT_SECRET, region: 'eu-west-1', startUrl: START_URL });
    expect(token.expiresAt.toISOString()).toBe('2026-11-22T13:00:00.000Z');
  });

  it.each([
    ['not JSON', `{"accessToken": "${ACCESS_TOKEN}", oops`, /is not valid JSON/],
    ['a JSON array', `["${ACCESS_TOKEN}"]`, /does not hold a JSON object/],
    ['no accessToken', '{"expiresAt": "2030-01-01T00:00:00Z"}', /has no accessToken/],
    ['no expiresAt', `{"accessToken": "${ACCESS_TOKEN}"}`, /has no expiresAt/],
    ['a bad expiresAt', `{"accessToken": "${ACCESS_TOKEN}", "expiresAt": "soon"}`, /expiresAt that is not a date/],
  ])('refuses a cache file with %s: broken, naming the file and the fix, never quoting it', async (_what, contents, reason) => {
    const error = await read(contents).catch((e: unknown) => e);
    expectBroken(error);
    const message = (error as Error).message;
    expect(message).toMatch(reason);
    expect(message).toContain(SESSION_CACHE_FILE);
    expect(message).toContain('aws sso login --profile dev');
    expectNoSecrets([message, String((error as Error).cause ?? '')], expect);
  });

  it('reports a missing cache file as "log in first"', async () => {
    await expect(read(undefined)).rejects.toThrow(/the SSO token cache file .*0ad37430.*\.json does not exist\. Log in first: run `aws sso login --profile dev`/);
  });

  it('reports an unreadable cache file with its error code', async () => {
    const machine = fakeMachine();
    machine.context.readFile = async () => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    };
    await expect(labelled('profile', readSsoToken(machine.context, SESSION_CACHE_FILE, FIX))).rejects.toThrow(/cannot be read \(EACCES\)/);
  });
});

describe('writing a refreshed token', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('writes the CLI format with mode 0600 through the real file system, keeping unknown fields', async () => {
    dir = mkdtempSync(join(tmpdir(), 'credchain-sso-'));
    const path = join(dir, '.aws', 'sso', 'cache', `${ssoTokenCacheKey(SESSION)}.json`);
    const context = defaultContext();
    const original = sessionToken(Date.parse('2026-11-22T12:01:00Z'), { someFutureField: 42 });
    const machine = fakeMachine({ files: { [path]: original } });
    const previous = await labelled('profile', readSsoToken(machine.context, path, FIX));
    await writeSsoToken(context, path, previous, { accessToken: NEW_ACCESS_TOKEN, expiresAt: new Date('2026-11-22T13:00:00.123Z') });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, '.aws', 'sso', 'cache'))).toEqual([`${ssoTokenCacheKey(SESSION)}.json`]);
    const written = JSON.parse(readFileSync(path, 'utf8'));
    expect(written).toEqual({
      ...JSON.parse(original),
      accessToken: NEW_ACCESS_TOKEN,
      expiresAt: '2026-11-22T13:00:00Z',
      // no new refresh token in the reply: the old one is kept (the SDK would drop it)
      refreshToken: REFRESH_TOKEN,
    });
    // The file reads back through our own reader, as the AWS CLI would read it.
    const back = await labelled('profile', readSsoToken(context, path, FIX));
    expect(back.accessToken).toBe(NEW_ACCESS_TOKEN);
  });

  it('formats expiresAt as the AWS CLI does (seconds, Z)', () => {
    expect(cacheTimestamp(new Date('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05Z');
  });
});
