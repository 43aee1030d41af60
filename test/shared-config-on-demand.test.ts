// The shared config without the config code when neither file exists: the same SharedConfig as
// loadSharedConfig() would build, the absence remembered as the read would remember it (and as the
// SDK remembers a missing file), and every other case handed to loadSharedConfig(). What it does not
// load is proved on the built package (test/package.test.ts, test/providers/container.loads.test.ts).
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSharedConfig } from '../src/config/load.js';
import { resolveContext } from '../src/context.js';
import { ParsedConfigCache } from '../src/shared-config-cache.js';
import { loadSharedConfigOnDemand } from '../src/shared-config-on-demand.js';
import { fakeMachine } from './support/fake-context.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'credchain-on-demand-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const files = { ignoreCache: false };
const realMachine = () => resolveContext({ env: { HOME: home } });
const writeConfig = (text: string) => {
  mkdirSync(join(home, '.aws'), { recursive: true });
  writeFileSync(join(home, '.aws', 'config'), text);
};

describe('loadSharedConfigOnDemand', () => {
  it('with neither file: the SharedConfig loadSharedConfig builds for two missing files, both remembered as absent', async () => {
    const cache = new ParsedConfigCache();
    const onDemand = await loadSharedConfigOnDemand(realMachine(), files, cache);
    expect(onDemand).toEqual(await loadSharedConfig(realMachine(), { cache: new ParsedConfigCache() }));
    expect(onDemand.configFile).toBe(join(home, '.aws', 'config'));
    // Kept as loadSharedConfig() keeps a missing file: found, with no text.
    expect(cache.get('config', join(home, '.aws', 'config'))).toStrictEqual({ found: true, text: undefined });
    expect(cache.get('credentials', join(home, '.aws', 'credentials'))).toStrictEqual({ found: true, text: undefined });
  });

  it('a file that appears later is seen only with ignoreCache, as when the read had found it missing', async () => {
    const cache = new ParsedConfigCache();
    await loadSharedConfigOnDemand(realMachine(), files, cache);
    writeConfig('[default]\nregion = eu-west-1\n');
    expect((await loadSharedConfigOnDemand(realMachine(), files, cache)).profiles).toEqual({});
    expect((await loadSharedConfigOnDemand(realMachine(), { ignoreCache: true }, cache)).profiles.default).toEqual({ region: 'eu-west-1' });
    // Read and parsed now: later resolutions get it from the cache.
    expect((await loadSharedConfigOnDemand(realMachine(), files, cache)).profiles.default).toEqual({ region: 'eu-west-1' });
  });

  it('one file there: the config code reads both (the missing one as missing)', async () => {
    writeConfig('[profile app]\nregion = eu-west-1\n');
    const shared = await loadSharedConfigOnDemand(realMachine(), files, new ParsedConfigCache());
    expect(shared.profiles.app).toEqual({ region: 'eu-west-1' });
    expect(shared).toEqual(await loadSharedConfig(realMachine(), { cache: new ParsedConfigCache() }));
  });

  it('an empty file is a file: parsed, not taken for absent', async () => {
    writeConfig('');
    const cache = new ParsedConfigCache();
    await loadSharedConfigOnDemand(realMachine(), files, cache);
    expect(cache.get('config', join(home, '.aws', 'config'))).toStrictEqual({ found: true, text: '' });
  });

  it("a context with its own readFile is asked through it: no stat of the real machine's files", async () => {
    const machine = fakeMachine({ home, files: { [join(home, '.aws', 'credentials')]: '[default]\naws_access_key_id = AKIAONDEMAND00000001\naws_secret_access_key = s\n' } });
    const shared = await loadSharedConfigOnDemand(machine.context, files, new ParsedConfigCache());
    expect(shared.profiles.default?.aws_access_key_id).toBe('AKIAONDEMAND00000001');
  });
});
