// File locations: every case of the cross-SDK file-location suite (test/fixtures/config, Apache-2.0,
// from smithy-lang/smithy-rs commit 56ee88c5), plus the home and `~` rules of docs/behaviour.md, "Shared config files".

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { credentialChain } from '../src/chain.js';
import { expandHome, locateConfigFiles, resolveHomeDir } from '../src/shared-file-paths.js';
import { fakeMachine } from './support/fake-context.js';

interface LocationCase {
  name: string;
  environment: Record<string, string>;
  platform: 'linux' | 'windows';
  profile?: string;
  configLocation: string;
  credentialsLocation: string;
}

const cases = (JSON.parse(readFileSync(new URL('./fixtures/config/file-location-tests.json', import.meta.url), 'utf8')) as { tests: LocationCase[] }).tests;

function machineFor(env: Record<string, string>, platform: string, home = '/os/home') {
  return { env, platform, homedir: () => home };
}

describe('file locations (smithy-rs suite)', () => {
  it('has all 9 cases', () => expect(cases).toHaveLength(9));

  it.each(cases.map((c, i) => [`${i + 1}. ${c.name}`, c] as const))('%s', async (_label, testCase) => {
    const platform = testCase.platform === 'windows' ? 'win32' : 'linux';
    expect(locateConfigFiles(machineFor(testCase.environment, platform))).toEqual({
      configFile: testCase.configLocation,
      credentialsFile: testCase.credentialsLocation,
    });

    // The selected profile: the chain reads the files at those paths and picks `profile` from them.
    // (The case with no `profile` key does not state one; the default applies.)
    const expectedProfile = testCase.profile ?? 'default';
    const machine = fakeMachine({
      files: {
        [testCase.credentialsLocation]: `[${expectedProfile}]\naws_access_key_id = AKIDFROMCREDENTIALS01\naws_secret_access_key = secret-credentials-file\n`,
      },
    });
    machine.context.env = { ...testCase.environment };
    machine.context.platform = platform;
    const credentials = await credentialChain({ context: machine.context, sources: ['profile'] })();
    expect(credentials.accessKeyId).toBe('AKIDFROMCREDENTIALS01');
  });
});

describe('home directory and ~ (docs/behaviour.md, "Shared config files")', () => {
  it.each([
    [{ HOME: '/h', USERPROFILE: '/u' }, '/h'],
    [{ USERPROFILE: 'C:\\u', HOMEDRIVE: 'D:', HOMEPATH: '\\p' }, 'C:\\u'],
    [{ HOMEDRIVE: 'D:', HOMEPATH: '\\p' }, 'D:\\p'],
    [{ HOMEPATH: '\\p' }, 'C:\\\\p'], // the SDK's default drive is `C:\`, so the path holds two backslashes
    [{ HOME: '' }, '/os/home'],
    [{}, '/os/home'],
  ])('%o → %s', (env, home) => {
    expect(resolveHomeDir(machineFor(env as Record<string, string>, 'linux'))).toBe(home);
  });

  it('expands only a leading ~/ (and ~\\ on Windows)', () => {
    expect(expandHome('~/cfg', '/h', 'linux')).toBe('/h/cfg');
    expect(expandHome('~\\cfg', '/h', 'linux')).toBe('~\\cfg');
    expect(expandHome('~\\cfg', 'C:\\h', 'win32')).toBe('C:\\h\\cfg');
    expect(expandHome('~user/cfg', '/h', 'linux')).toBe('~user/cfg');
    expect(expandHome('/a/~/cfg', '/h', 'linux')).toBe('/a/~/cfg');
    expect(expandHome('~', '/h', 'linux')).toBe('~');
  });

  it('applies ~ to AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, and treats empty ones as unset', () => {
    expect(locateConfigFiles(machineFor({ HOME: '/h', AWS_CONFIG_FILE: '~/x/config', AWS_SHARED_CREDENTIALS_FILE: '' }, 'linux'))).toEqual({
      configFile: '/h/x/config',
      credentialsFile: '/h/.aws/credentials',
    });
  });
});
