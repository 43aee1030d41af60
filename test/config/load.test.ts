// loadSharedConfig(): locate + read + parse + merge, the per-process cache (keyed by the readFile
// function, so synthetic machines never share it), ignoreCache, and unusable files.

import { describe, expect, it } from 'vitest';
import { credentialChain } from '../../src/chain.js';
import { defaultContext } from '../../src/context.js';
import { loadSharedConfig } from '../../src/config/load.js';
import { configCacheFor, ParsedConfigCache, processConfigCache } from '../../src/shared-config-cache.js';
import { fakeMachine } from '../support/fake-context.js';
import { expectBroken } from '../support/outcomes.js';

const SECRET = 'loadSecretSENTINEL/0123456789abcdef';
const CONFIG = '/home/test/.aws/config';
const CREDENTIALS = '/home/test/.aws/credentials';

function countingMachine(files: Record<string, string>) {
  const machine = fakeMachine({ files });
  const reads: string[] = [];
  const read = machine.context.readFile;
  machine.context.readFile = async (path) => {
    reads.push(path);
    return read(path);
  };
  return { ...machine, reads };
}

describe('loadSharedConfig', () => {
  it('reads both files at the located paths and merges them (credentials file wins)', async () => {
    const { context } = countingMachine({
      [CONFIG]: '[profile dev]\nregion = eu-west-1\naws_access_key_id = AKIDCONFIG000000001\n[sso-session corp]\nsso_region = us-east-1\n[services local]\nsts =\n  endpoint_url = http://127.0.0.1:1',
      [CREDENTIALS]: `[dev]\naws_access_key_id = AKIDCREDS0000000001\naws_secret_access_key = ${SECRET}`,
    });
    const config = await loadSharedConfig(context, {});
    expect(config).toMatchObject({ configFile: CONFIG, credentialsFile: CREDENTIALS });
    expect(config.profiles.dev).toEqual({ region: 'eu-west-1', aws_access_key_id: 'AKIDCREDS0000000001', aws_secret_access_key: SECRET });
    expect(config.ssoSessions.corp).toEqual({ sso_region: 'us-east-1' });
    expect(config.services.local).toEqual({ sts: { endpoint_url: 'http://127.0.0.1:1' } });
    expect(config.diagnostics).toBeUndefined();
  });

  it('treats missing files as empty', async () => {
    const { context } = countingMachine({});
    const config = await loadSharedConfig(context, {});
    expect(config.profiles).toEqual({});
    expect(config.ssoSessions).toEqual({});
  });

  it('reads each file once per cache, and again with ignoreCache', async () => {
    const machine = countingMachine({ [CONFIG]: '[default]\nregion = us-east-1' });
    const cache = new ParsedConfigCache();
    await loadSharedConfig(machine.context, { cache });
    await loadSharedConfig(machine.context, { cache });
    expect(machine.reads).toEqual([CONFIG, CREDENTIALS]);

    machine.files.set(CONFIG, '[default]\nregion = eu-north-1');
    expect((await loadSharedConfig(machine.context, { cache })).profiles.default).toEqual({ region: 'us-east-1' });
    expect((await loadSharedConfig(machine.context, { cache, ignoreCache: true })).profiles.default).toEqual({ region: 'eu-north-1' });
    expect(machine.reads).toHaveLength(4);
    // The fresh read replaced the cached one.
    expect((await loadSharedConfig(machine.context, { cache })).profiles.default).toEqual({ region: 'eu-north-1' });
    expect(machine.reads).toHaveLength(4);
  });

  it('never shares the cache between two synthetic machines with the same paths', async () => {
    const a = countingMachine({ [CONFIG]: '[default]\nregion = a' });
    const b = countingMachine({ [CONFIG]: '[default]\nregion = b' });
    expect((await loadSharedConfig(a.context, {})).profiles.default).toEqual({ region: 'a' });
    expect((await loadSharedConfig(b.context, {})).profiles.default).toEqual({ region: 'b' });
    expect(configCacheFor(a.context)).not.toBe(processConfigCache);
  });

  it('shares one cache across providers on the real machine (the process-wide cache is for the real file system only)', () => {
    expect(defaultContext().readFile).toBe(defaultContext().readFile);
    expect(configCacheFor(defaultContext())).toBe(processConfigCache);
  });

  it('one chain on a synthetic machine reads each file once across resolutions (its own cache)', async () => {
    const machine = countingMachine({ [CONFIG]: '[default]\naws_access_key_id = AKIDEXAMPLE000000001\naws_secret_access_key = s' });
    const provider = credentialChain({ context: machine.context, sources: ['profile'] });
    await provider();
    await provider({ forceRefresh: true });
    expect(machine.reads).toEqual([CONFIG, CREDENTIALS]);
  });

  it('hands out copies: changing a loaded profile does not change the next load', async () => {
    const { context } = countingMachine({ [CONFIG]: '[default]\nregion = us-east-1' });
    const first = await loadSharedConfig(context, {});
    first.profiles.default!.region = 'mutated';
    expect((await loadSharedConfig(context, {})).profiles.default).toEqual({ region: 'us-east-1' });
  });

  it('reports an unreadable file as a broken shared config naming the file, and reads it again next time', async () => {
    const machine = countingMachine({});
    let fail = true;
    const read = machine.context.readFile;
    machine.context.readFile = async (path) => {
      if (fail && path === CREDENTIALS) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      return read(path);
    };
    const error = await loadSharedConfig(machine.context, {}).catch((e: unknown) => e);
    expectBroken(error);
    expect((error as Error).message).toMatch(/the credentials file \/home\/test\/\.aws\/credentials cannot be read \(EACCES\)/);
    expect((error as Error).message).toMatch(/AWS_SHARED_CREDENTIALS_FILE/);
    fail = false;
    await expect(loadSharedConfig(machine.context, {})).resolves.toMatchObject({ profiles: {} });
  });

  it('reports a __proto__ section as a broken shared config', async () => {
    const { context } = countingMachine({ [CONFIG]: '[profile __proto__]\nx = 1' });
    await expect(loadSharedConfig(context, {})).rejects.toThrow(/cannot use the config file \/home\/test\/\.aws\/config: line 1: the section name __proto__ is not allowed/);
  });

  it('names the file that holds a __proto__ property, and reads a refused file again once it is fixed', async () => {
    const machine = countingMachine({ [CREDENTIALS]: '[default]\n__proto__ = x' });
    const cache = new ParsedConfigCache();
    await expect(loadSharedConfig(machine.context, { cache })).rejects.toThrow(/cannot use the credentials file \/home\/test\/\.aws\/credentials: line 2: the property name __proto__ is not allowed/);
    machine.files.set(CREDENTIALS, '[default]\nregion = eu-west-1');
    expect((await loadSharedConfig(machine.context, { cache })).profiles.default).toEqual({ region: 'eu-west-1' });
    expect(machine.reads).toEqual([CONFIG, CREDENTIALS, CONFIG, CREDENTIALS]);
  });

  it('says where each profile and property is written only when asked (credchain config, credchain profiles), from the cached text', async () => {
    const machine = countingMachine({ [CONFIG]: '[profile dev]\nregion = eu-west-1\n\n[default]\nregion = us-east-1', [CREDENTIALS]: `[dev]\naws_access_key_id = AKIDCREDS0000000001\naws_secret_access_key = ${SECRET}` });
    const cache = new ParsedConfigCache();
    expect((await loadSharedConfig(machine.context, { cache })).origins).toBeUndefined();
    const { origins } = await loadSharedConfig(machine.context, { cache, origins: true });
    expect(origins?.dev).toEqual({
      sections: [{ file: CONFIG, line: 1 }, { file: CREDENTIALS, line: 1 }],
      keys: { region: { file: CONFIG, line: 2 }, aws_access_key_id: { file: CREDENTIALS, line: 2 }, aws_secret_access_key: { file: CREDENTIALS, line: 3 } },
    });
    expect(origins?.default).toEqual({ sections: [{ file: CONFIG, line: 4 }], keys: { region: { file: CONFIG, line: 5 } } });
    // The origins came from the kept text: no second read.
    expect(machine.reads).toEqual([CONFIG, CREDENTIALS]);
  });

  it('prefixes diagnostics with the file, and the profile source puts them in its trace', async () => {
    const { context } = countingMachine({ [CONFIG]: `[foo]\naws_secret_access_key = ${SECRET}`, [CREDENTIALS]: `[default]\naws_access_key_id = AKIDCREDS0000000001\naws_secret_access_key = ${SECRET}` });
    expect((await loadSharedConfig(context, {})).diagnostics).toEqual([`${CONFIG} line 1: [foo] is ignored: in the config file a profile section is written [profile NAME] (one space, NAME of letters, digits and -_.@+%:/)`]);
    const explanation = await credentialChain({ context, sources: ['profile'] }).explain();
    expect(explanation.ok).toBe(true);
    expect(explanation.trace[0]!.notes.join('\n')).toContain(`ignored: ${CONFIG} line 1: [foo] is ignored`);
    expect(JSON.stringify(explanation)).not.toContain(SECRET);
  });

  it('a note made again in one source (on each attempt, say) is in its trace entry once', async () => {
    const { context } = countingMachine({});
    const noisy = {
      name: 'noisy',
      resolve: async (input: { note(text: string): void }) => {
        for (let attempt = 1; attempt <= 3; attempt++) input.note('AWS_X is ignored here: it only applies to Y');
        input.note('another note');
        return { accessKeyId: 'AKIDNOISY0000000001', secretAccessKey: 'noisySecret' };
      },
    };
    const explanation = await credentialChain({ context, sources: [noisy] }).explain();
    expect(explanation.trace[0]!.notes).toEqual(['AWS_X is ignored here: it only applies to Y', 'another note']);
  });

  it('the ignored lines are told once per resolution, under the first source that reads the files, not under each', async () => {
    const { context } = countingMachine({ [CONFIG]: '[default]\nregion = us-east-1\nbogus line\n[profile x\n' });
    const explanation = await credentialChain({ context, sources: ['profile', 'process', 'web-identity'] }).explain();
    const told = explanation.trace.flatMap((entry) => entry.notes.filter((note) => note.startsWith('ignored: ')).map((note) => `${entry.source} ${note}`));
    expect(told).toEqual([
      `profile ignored: ${CONFIG} line 3: a line without '=' is ignored (values cannot continue on the next line)`,
      `profile ignored: ${CONFIG} line 4: a section header must end with ']'; the line is ignored`,
    ]);
  });
});
