// parseProfileFile() beyond the conformance suite: __proto__, null prototypes, section kinds,
// sub-properties, quoting and the diagnostics (which must never echo a line's content).

import { describe, expect, it } from 'vitest';
import { MAX_DIAGNOSTICS, parseProfileFile, parseProfileFiles, ProfileFileError } from '../../src/config/parse.js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const SECRET = 'parseSecretSENTINEL/0123456789abcdef';

describe('parseProfileFile', () => {
  it.each([
    ['[__proto__]\nx = 1', 'config'],
    ['[profile __proto__]\nx = 1', 'config'],
    ['[profile "__proto__"]\nx = 1', 'config'],
    ['[sso-session __proto__]\nx = 1', 'config'],
    ['[services __proto__]\nx = 1', 'config'],
    ['[ __proto__ ]\nx = 1', 'credentials'],
    ['[__proto__]\nx = 1', 'credentials'],
    ['[profile a]\n__proto__ = {"polluted": 1}', 'config'],
    ['[services s]\nsts =\n  __proto__ = x', 'config'],
  ] as const)('refuses __proto__ in any form: %j (%s)', (text, kind) => {
    let thrown: unknown;
    try {
      parseProfileFile(text, kind);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProfileFileError);
    expect((thrown as ProfileFileError).kind).toBe('forbidden-name');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('builds objects without a prototype, so names like constructor or toString are plain data', () => {
    const parsed = parseProfileFile('[profile constructor]\ntoString = x\nhasOwnProperty = y', 'config');
    expect(Object.getPrototypeOf(parsed.profiles)).toBeNull();
    expect(Object.getPrototypeOf(parsed.profiles.constructor)).toBeNull();
    expect(parsed.profiles.constructor).toEqual({ toString: 'x', hasOwnProperty: 'y' });
    expect(parseProfileFile('[default]\nx = 1', 'config').profiles.toString).toBeUndefined();
  });

  it('reads the four section kinds of the config file', () => {
    const parsed = parseProfileFile(
      [
        '[default]',
        'region = us-east-1',
        '[profile dev]',
        'region = eu-west-1',
        '[sso-session corp]',
        'sso_start_url = https://corp.awsapps.com/start',
        '[services local]',
        'sts =',
        '  endpoint_url = http://127.0.0.1:4566',
        '  region = us-west-2',
        's3 =',
        '  endpoint_url = http://127.0.0.1:9000',
        'top = level',
      ].join('\n'),
      'config',
    );
    expect(parsed.profiles).toEqual({ default: { region: 'us-east-1' }, dev: { region: 'eu-west-1' } });
    expect(parsed.ssoSessions).toEqual({ corp: { sso_start_url: 'https://corp.awsapps.com/start' } });
    expect(parsed.services).toEqual({
      local: { sts: { endpoint_url: 'http://127.0.0.1:4566', region: 'us-west-2' }, s3: { endpoint_url: 'http://127.0.0.1:9000' }, top: 'level' },
    });
    expect(Object.getPrototypeOf(parsed.services.local!.sts)).toBeNull();
  });

  it('accepts quoted profile names and keeps quotes in values (as the SDK does)', () => {
    const parsed = parseProfileFile(`[profile "dev"]\naws_secret_access_key = "quoted"\n[profile 'ops']\nx = 'y'`, 'config');
    expect(parsed.profiles).toEqual({ dev: { aws_secret_access_key: '"quoted"' }, ops: { x: "'y'" } });
  });

  it('lets [profile default] replace [default] only when it has properties (SDK rule)', () => {
    expect(parseProfileFile('[default]\na = 1\n[profile default]\nb = 2', 'config').profiles).toEqual({ default: { b: '2' } });
    expect(parseProfileFile('[profile default]\n[default]\na = 1', 'config').profiles).toEqual({ default: { a: '1' } });
  });

  it('ignores [profile x] sections in the credentials file, and bare [x] sections (other than default) in the config file', () => {
    const credentials = parseProfileFile('[profile x]\na = 1\n[y]\nb = 2', 'credentials');
    expect(credentials.profiles).toEqual({ y: { b: '2' } });
    expect(credentials.diagnostics.map((d) => d.kind)).toEqual(['ignored-section']);
    const configFile = parseProfileFile('[x]\na = 1', 'config');
    expect(configFile.profiles).toEqual({});
    expect(configFile.diagnostics[0]!.message).toMatch(/line 1: \[x\] is ignored: in the config file a profile section is written \[profile NAME\]/);
  });

  it('reports ignored lines with their number and never their content', () => {
    const text = [
      `aws_secret_access_key = ${SECRET}`,
      '[profile a]',
      `aws_secret_access_key ${SECRET}`,
      `= ${SECRET}`,
      `[profile b];${SECRET}`,
      `[profile c ${SECRET}`,
      `[aws_secret_access_key = ${SECRET}]`,
    ].join('\n');
    const { diagnostics } = parseProfileFile(text, 'config');
    expect(diagnostics.map((d) => [d.line, d.kind])).toEqual([
      [1, 'property-outside-section'],
      [3, 'line-without-equals'],
      [4, 'property-without-name'],
      [5, 'text-after-section'],
      [6, 'unclosed-section'],
      [7, 'ignored-section'],
    ]);
    expect(diagnostics[5]!.message).toBe('line 7: a section header is ignored: in the config file a profile section is written [profile NAME] (one space, NAME of letters, digits and -_.@+%:/)');
    expect(JSON.stringify(diagnostics)).not.toContain(SECRET);
  });

  it('keeps JS parity for a header with text after ]: the properties below land in the previous section', () => {
    // This is how the SDK reads it; the diagnostic is what tells the user.
    const parsed = parseProfileFile('[profile a]\nx = 1\n[profile b];note\ny = 2', 'config');
    expect(parsed.profiles).toEqual({ a: { x: '1', y: '2' } });
    expect(parsed.diagnostics.map((d) => d.kind)).toEqual(['text-after-section']);
  });

  it('merges the credentials file over the config file key by key, sub-properties too, into objects of its own per parse', () => {
    const files = [
      { kind: 'config', path: 'config', text: '[profile d]\na = config\nb = config\ns3 =\n  x = config\n  y = config' },
      { kind: 'credentials', path: 'credentials', text: '[d]\nb = creds\ns3 =\n  y = creds' },
    ] as const;
    const merged = parseProfileFiles(files);
    expect(merged.profiles).toEqual({ d: { a: 'config', b: 'creds', s3: { x: 'config', y: 'creds' } } });
    expect(parseProfileFile(files[0].text, 'config').profiles.d).toEqual({ a: 'config', b: 'config', s3: { x: 'config', y: 'config' } });
    expect(Object.getPrototypeOf(merged.profiles.d)).toBeNull();
    // Nothing is shared between two parses of the same texts: a caller may change what it got.
    const again = parseProfileFiles(files);
    expect(again.profiles.d).not.toBe(merged.profiles.d);
    expect(again.profiles.d!.s3).not.toBe(merged.profiles.d!.s3);
  });
});

describe('parseProfileFile: bounded', () => {
  it('lists the first diagnostics of a file and counts the rest', () => {
    const { diagnostics } = parseProfileFile(`[default]\n${'no equals sign\n'.repeat(100_000)}`, 'credentials');
    expect(diagnostics).toHaveLength(MAX_DIAGNOSTICS + 1);
    expect(diagnostics.at(-1)).toMatchObject({ kind: 'more-ignored', message: `and ${100_000 - MAX_DIAGNOSTICS} more ignored lines (only the first ${MAX_DIAGNOSTICS} are listed)` });
  });

  it('a kept value does not keep the whole file text alive', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const filler = () => `# ${Math.random().toString(36).repeat(400_000)}\n`;
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      // 5 files of ~5 MB each; only the parsed values are kept.
      kept.push(parseProfileFile(`[default]\naws_access_key_id = AKIDKEPT${i}000000000001\nrole_arn = arn:aws:iam::123456789012:role/kept-${i}\n${filler()}`, 'credentials').profiles);
    }
    gc();
    const growth = process.memoryUsage().heapUsed - before;
    expect(kept).toHaveLength(5);
    expect(growth, `heap grew by ${Math.round(growth / 1e6)} MB`).toBeLessThan(8 * 1024 * 1024);
  });
});

describe('parseProfileFile: line numbers (for `credchain config` and `credchain profiles`)', () => {
  /** The origins of one config file as `{ section, keys }` line numbers. */
  const linesOf = (text: string) => {
    const { origins } = parseProfileFile(text, 'config', { origins: true });
    const out: Record<string, { section: number; keys: Record<string, number> }> = {};
    for (const [name, { sections, keys }] of Object.entries(origins!)) {
      expect(sections).toHaveLength(1);
      expect(sections[0]!.file).toBe('config');
      out[name] = { section: sections[0]!.line, keys: Object.fromEntries(Object.entries(keys).map(([key, at]) => [key, at.line])) };
    }
    return out;
  };

  it('records the header line of each profile and the line of each property, sub-property blocks at their key', () => {
    const text = ['# top', '[default]', 'region = eu-west-1', '', '[profile app]', 'role_arn = arn:aws:iam::1:role/x', 's3 =', '  max_concurrent_requests = 2', 'region = us-east-1'].join('\n');
    const lines = linesOf(text);
    expect(lines.default).toEqual({ section: 2, keys: { region: 3 } });
    expect(lines.app).toEqual({ section: 5, keys: { role_arn: 6, s3: 7, region: 9 } });
  });

  it('a repeated section keeps its first header line and the last line of a repeated key; [profile default] with properties wins over [default]', () => {
    const text = ['[profile a]', 'x = 1', '[profile a]', 'x = 2', '[default]', 'y = 1', '[profile default]', 'y = 2'].join('\n');
    const lines = linesOf(text);
    expect(lines.a).toEqual({ section: 1, keys: { x: 4 } });
    expect(lines.default).toEqual({ section: 7, keys: { y: 8 } });
  });

  it('are kept only when asked for', () => {
    expect(parseProfileFile('[profile a]\nx = 1', 'config').origins).toBeUndefined();
  });
});
