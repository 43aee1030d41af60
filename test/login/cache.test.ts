// The `aws login` token cache: where it lives, what makes a file unusable (named, never quoted), and
// the write-back that keeps every field it does not replace.
import { describe, expect, it } from 'vitest';
import { loginCachePath, readLoginToken, refreshedFile, writeLoginToken } from '../../src/login/cache.js';
import { fakeMachine } from '../support/fake-context.js';
import { expectBroken } from '../support/outcomes.js';

const SESSION = 'arn:aws:iam::123456789012:user/developer';
/** `printf %s "$SESSION" | sha256sum`, computed outside the code under test. */
const HASH = '79b8db894bb9e20f6c49cb11024dd156c5764427dba2775f9c7f4989ac99b32f';
const FILE = `/home/test/.aws/login/cache/${HASH}.json`;
const SECRET = 'loginSecretKeySENTINEL/0123456789abcdefg';
const REFRESH = 'loginRefreshTokenSENTINEL-0123456789';
const KEY = '-----BEGIN EC PRIVATE KEY-----\nloginDpopKeySENTINEL0123456789\n-----END EC PRIVATE KEY-----\n';
const FIX = 'run `aws login --profile dev`';

function cacheJson(edit: (file: Record<string, any>) => void = () => {}): string {
  const file: Record<string, any> = {
    accessToken: { accessKeyId: 'ASIALOGINEXAMPLE0001', secretAccessKey: SECRET, sessionToken: 'tok', accountId: '123456789012', expiresAt: '2026-11-22T13:00:00Z' },
    tokenType: 'aws_sigv4',
    clientId: 'arn:aws:signin:::devtools/same-device',
    refreshToken: REFRESH,
    idToken: 'id.token.x',
    dpopKey: KEY,
  };
  edit(file);
  return JSON.stringify(file);
}

describe('loginCachePath', () => {
  it('is ~/.aws/login/cache/<sha256 hex of the login_session>.json', () => {
    expect(loginCachePath(fakeMachine().context, SESSION)).toBe(FILE);
  });

  it('AWS_LOGIN_CACHE_DIRECTORY replaces the directory, as written; an empty one counts as unset (beyond)', () => {
    expect(loginCachePath(fakeMachine({ env: { AWS_LOGIN_CACHE_DIRECTORY: '/srv/login' } }).context, SESSION)).toBe(`/srv/login/${HASH}.json`);
    expect(loginCachePath(fakeMachine({ env: { AWS_LOGIN_CACHE_DIRECTORY: '' } }).context, SESSION)).toBe(FILE);
  });

  it('hashes the UTF-8 bytes of the value', () => {
    // printf %s 'arn:aws:iam::123456789012:user/José' | sha256sum
    expect(loginCachePath(fakeMachine().context, 'arn:aws:iam::123456789012:user/José')).toBe('/home/test/.aws/login/cache/9a7b60c95075fb5c7270327a6a8f0a163b2287ab828de658d30306ff4d85dd44.json');
  });
});

describe('readLoginToken', () => {
  it('reads a complete file', async () => {
    const token = await readLoginToken(fakeMachine({ files: { [FILE]: cacheJson((f) => (f.signInRegion = 'eu-west-1')) } }).context, FILE, FIX, () => {});
    expect(token.accessToken).toMatchObject({ accessKeyId: 'ASIALOGINEXAMPLE0001', accountId: '123456789012', expiresAt: new Date('2026-11-22T13:00:00Z') });
    expect(token.signInRegion).toBe('eu-west-1');
  });

  it.each([
    ['no file', undefined, /no `aws login` session found: the cache file ~\/\.aws\/login\/cache\/[0-9a-f]{64}\.json does not exist\. Sign in first: run `aws login --profile dev`/],
    ['not JSON', `{"refreshToken": "${REFRESH}"`, /is not valid JSON/],
    ['a JSON array', '[]', /does not hold a JSON object/],
    ['several fields missing', cacheJson((f) => { delete f.clientId; delete f.dpopKey; }), /is missing clientId, dpopKey\. Sign in again/],
    ['accessToken a string', cacheJson((f) => (f.accessToken = SECRET)), /is missing accessToken/],
    ['no accessKeyId', cacheJson((f) => delete f.accessToken.accessKeyId), /is missing accessToken\.accessKeyId/],
    ['an expiresAt that is no date', cacheJson((f) => (f.accessToken.expiresAt = 'soon')), /accessToken\.expiresAt that is not a date/],
  ])('%s → a LoginProblem naming the file and the fix, quoting nothing', async (_what, contents, message) => {
    const files: Record<string, string> = contents === undefined ? {} : { [FILE]: contents };
    const error = await readLoginToken(fakeMachine({ files }).context, FILE, FIX, () => {}).catch((e: unknown) => e);
    expectBroken(error);
    expect((error as Error).message).toMatch(message);
    for (const secret of [SECRET, REFRESH, 'loginDpopKeySENTINEL']) expect((error as Error).message).not.toContain(secret);
  });

  it('an unreadable file → names the error code, not its text', async () => {
    const machine = fakeMachine();
    machine.context.readFile = async () => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    };
    await expect(readLoginToken(machine.context, FILE, FIX, () => {})).rejects.toThrow(/cannot be read \(EACCES\)\. Check its permissions, or run `aws login --profile dev`/);
  });
});

describe('writeLoginToken', () => {
  it('replaces keys, expiry and refresh token, keeps every other field, writes 0600 through writeFileAtomic', async () => {
    const machine = fakeMachine({ files: { [FILE]: cacheJson((f) => (f.futureField = { kept: true })) } });
    const modes: Array<number | undefined> = [];
    const write = machine.context.writeFileAtomic;
    machine.context.writeFileAtomic = async (path, contents, mode) => {
      modes.push(mode);
      return write(path, contents, mode);
    };
    const previous = await readLoginToken(machine.context, FILE, FIX, () => {});
    const next = { accessKeyId: 'ASIANEW0000000000001', secretAccessKey: 'newSecret', sessionToken: 'newTok', expiresAt: new Date('2026-11-22T13:15:00Z'), refreshToken: 'newRefresh' };
    await writeLoginToken(machine.context, FILE, previous, next);
    const written = JSON.parse(machine.files.get(FILE)!);
    expect(written).toEqual(refreshedFile(previous, next));
    expect(written).toMatchObject({
      accessToken: { accessKeyId: 'ASIANEW0000000000001', secretAccessKey: 'newSecret', sessionToken: 'newTok', accountId: '123456789012', expiresAt: '2026-11-22T13:15:00.000Z' },
      refreshToken: 'newRefresh',
      clientId: 'arn:aws:signin:::devtools/same-device',
      idToken: 'id.token.x',
      dpopKey: KEY,
      tokenType: 'aws_sigv4',
      futureField: { kept: true },
    });
    expect(modes).toEqual([0o600]);
  });
});
