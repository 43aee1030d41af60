// Property tests of the shared-config parser (docs/behaviour.md, "Shared config files") on random text — unicode, CR/LF mixes, huge
// lines, deep sub-properties, hostile names: it returns or throws its typed error, never pollutes a
// prototype, and what it returns can be merged and planned with only the two typed chain errors.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProfileFile, parseProfileFiles, ProfileFileError, type ParsedProfileFiles } from '../../../src/config/parse.js';
import { planProfile } from '../../../src/config/plan.js';
import type { ProfileFileKind, SharedConfig } from '../../../src/config/types.js';
import { CredentialsProviderError } from '../../../src/errors.js';
import { binaryString } from '../../support/binary-string.js';

const RUNS = 300;

/** Names that reach Object.prototype (or look like they might) when used as keys of a plain object. */
const HOSTILE = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'polluted'];
const REAL_KEYS = [
  'aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'role_arn', 'source_profile', 'credential_source',
  'web_identity_token_file', 'credential_process', 'sso_session', 'sso_start_url', 'sso_region', 'sso_account_id',
  'sso_role_name', 'region', 'endpoint_url', 'duration_seconds', 'mfa_serial', 'AWS_ACCESS_KEY_ID',
];

const unicode = binaryString({ maxLength: 30 });
const name = fc.oneof(fc.constantFrom(...HOSTILE, 'default', 'a', 'b', 'dev'), fc.stringMatching(/^[\w\-@+.%:/]{1,12}$/), unicode);
const key = fc.oneof(fc.constantFrom(...HOSTILE, ...REAL_KEYS), unicode);
const value = fc.oneof(fc.constantFrom('', 'a', 'b', 'Environment', 'EcsContainer', 'Ec2InstanceMetadata', 'arn:aws:iam::123456789012:role/r'), name, unicode);
const space = fc.constantFrom('', ' ', '  ', '\t', '\u00a0', '\u3000');

const line = fc.oneof(
  fc.tuple(space, fc.constantFrom('profile ', 'sso-session ', 'services ', '', 'profile  ', 'other '), fc.constantFrom('', '"', "'"), name, space).map(
    ([s, type, quote, n, t]) => `${s}[${type}${quote}${n}${quote}]${t}`,
  ),
  fc.tuple(space, key, space, value, space).map(([a, k, b, v, c]) => `${a}${k}${b}=${c}${v}`),
  fc.tuple(key).map(([k]) => `${k} =`),
  fc.tuple(fc.constantFrom(' ', '\t', '    '), key, value).map(([indent, k, v]) => `${indent}${k} = ${v}`),
  fc.tuple(fc.constantFrom('#', ';', ' #', 'x=y #', 'x=y#'), unicode).map(([c, t]) => `${c}${t}`),
  unicode,
  fc.tuple(fc.constantFrom('[', ']', '=', '[profile', '= x'), unicode).map(([a, b]) => a + b),
);
const separator = fc.constantFrom('\n', '\r\n', '\r', '\n\n', '\n\r');
const text = fc
  .array(fc.tuple(line, separator), { maxLength: 40 })
  .map((pairs) => pairs.map(([l, s]) => l + s).join(''));
const kind = fc.constantFrom<ProfileFileKind>('config', 'credentials');

const prototypeNames = () => [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((p) => Object.getOwnPropertyNames(p).sort().join(','));

function parseOrTypedError(source: string, fileKind: ProfileFileKind): ParsedProfileFiles | undefined {
  try {
    return parseProfileFile(source, fileKind);
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileFileError);
    expect((error as ProfileFileError).kind).toBe('forbidden-name');
    // The only reason to refuse a file: a __proto__ name, and the message never quotes a line.
    expect(source).toContain('__proto__');
    return undefined;
  }
}

function expectNullPrototypes(parsed: ParsedProfileFiles | SharedConfig): void {
  for (const table of [parsed.profiles, parsed.ssoSessions, parsed.services]) {
    expect(Object.getPrototypeOf(table)).toBeNull();
    for (const section of Object.values(table)) {
      expect(Object.getPrototypeOf(section)).toBeNull();
      for (const entry of Object.values(section)) {
        if (typeof entry === 'object') expect(Object.getPrototypeOf(entry)).toBeNull();
        else expect(typeof entry).toBe('string');
      }
    }
  }
}

describe('config parser on random text', () => {
  const before = prototypeNames();

  it('returns or throws ProfileFileError, with null-prototype objects and no prototype touched', () => {
    fc.assert(
      fc.property(text, kind, (source, fileKind) => {
        const parsed = parseOrTypedError(source, fileKind);
        expect(prototypeNames()).toEqual(before);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        if (!parsed) return;
        expectNullPrototypes(parsed);
        // Each diagnostic names its line, except the one summary of those left unlisted, which comes last.
        const summaries = parsed.diagnostics.filter((diagnostic) => diagnostic.kind === 'more-ignored');
        expect(summaries.length).toBeLessThanOrEqual(1);
        if (summaries.length) expect(parsed.diagnostics.at(-1)).toBe(summaries[0]);
        for (const diagnostic of parsed.diagnostics) expect(diagnostic.message).toMatch(diagnostic.kind === 'more-ignored' ? /^and \d+ more ignored lines \(only the first \d+ are listed\)$/ : /^line \d+: /);
      }),
      // A counterexample fast-check once found (more than ten ignored lines: the summary line).
      { numRuns: RUNS, examples: [['[\n __proto__ = \n __proto__ = -\nx=y#\n=\n[\n\u0000\n[\n __proto__ = \n =\n  = \n', 'config']] },
    );
  });

  it('any printable unicode soup, huge lines included, never throws an untyped error', () => {
    const huge = fc.tuple(binaryString({ minLength: 1, maxLength: 8 }), fc.integer({ min: 1000, max: 50_000 })).map(([s, n]) => s.repeat(n));
    fc.assert(
      fc.property(fc.oneof(binaryString({ maxLength: 2000 }), huge.map((h) => `[profile x]\nk = ${h}\n${h}\n[${h}]`)), kind, (source, fileKind) => {
        parseOrTypedError(source, fileKind);
        expect(prototypeNames()).toEqual(before);
      }),
      { numRuns: 100 },
    );
  });

  it('deep and repeated sub-property blocks stay one level deep and prototype-free', () => {
    const block = fc.tuple(key, fc.array(fc.tuple(fc.constantFrom(' ', '  ', '\t', '        '), key, value), { maxLength: 30 }));
    fc.assert(
      fc.property(fc.array(block, { maxLength: 20 }), kind, (blocks, fileKind) => {
        const source = ['[profile deep]', '[deep]', ...blocks.flatMap(([k, subs]) => [`${k} =`, ...subs.map(([i, sk, sv]) => `${i}${sk} = ${sv}`)])].join('\n');
        const parsed = parseOrTypedError(source, fileKind);
        expect(prototypeNames()).toEqual(before);
        if (parsed) expectNullPrototypes(parsed);
      }),
      { numRuns: RUNS },
    );
  });

  it('whatever parses, merges and plans to credentials or the profile source\'s error only', () => {
    fc.assert(
      fc.property(text, text, fc.array(name, { maxLength: 4 }), (configText, credentialsText, extraNames) => {
        const config = parseOrTypedError(configText, 'config');
        const credentials = parseOrTypedError(credentialsText, 'credentials');
        if (!config || !credentials) return;
        const { profiles, ssoSessions, services } = parseProfileFiles([
          { kind: 'config', path: '/c', text: configText },
          { kind: 'credentials', path: '/k', text: credentialsText },
        ]);
        const shared: SharedConfig = { profiles, ssoSessions, services, configFile: '/c', credentialsFile: '/k' };
        expectNullPrototypes(shared);
        for (const profile of [...Object.keys(shared.profiles), ...extraNames]) {
          try {
            const plan = planProfile(shared, profile);
            expect(plan.profile).toBe(profile);
          } catch (error) {
            // The profile source's error only, never a bug's.
            if (!(error instanceof CredentialsProviderError)) throw error;
            expect(typeof error.tryNextLink).toBe('boolean');
          }
        }
        expect(prototypeNames()).toEqual(before);
      }),
      { numRuns: RUNS },
    );
  });
});
