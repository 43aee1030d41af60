// Every case of the cross-SDK profile parser suite (test/fixtures/config, Apache-2.0, from
// smithy-lang/smithy-rs commit 56ee88c5), checked twice: against the Rust expectation (or a listed
// JavaScript divergence) and against the installed AWS SDK for JavaScript's own parser.
//
// Why our own parser and not `ini`: ini@5 agrees with the Rust expectation on 23 of these 65 cases
// (it nests dotted section names, keeps `[profile foo]` verbatim, treats `a=b#c` and quotes its own
// way and flattens sub-properties), and ini@7 needs Node 22. This parser agrees with the SDK on all 65.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSsoSessionData, parseKnownFiles } from '@smithy/core/config';
import { describe, expect, it } from 'vitest';
import { parseProfileFiles, type DiagnosticKind } from '../../src/config/parse.js';
import type { Section } from '../../src/config/types.js';

interface ParserCase {
  name: string;
  input: { configFile?: string; credentialsFile?: string };
  output: { config?: { profiles: Record<string, Record<string, string>>; sso_sessions?: Record<string, Record<string, string>> }; errorContaining?: string };
}

const cases = (JSON.parse(readFileSync(new URL('../fixtures/config/profile-parser-tests.json', import.meta.url), 'utf8')) as { tests: ParserCase[] }).tests;

// Rust fails the whole file on these lines; the JS SDK ignores the line and parses the rest. We do
// as the JS SDK does and report the line as a diagnostic of this kind (shown in the trace).
const DIAGNOSTIC_FOR_RUST_ERROR: Array<[string, DiagnosticKind]> = [
  ["Profile definition must end with ']'", 'unclosed-section'],
  ['Expected a profile definition', 'property-outside-section'],
  ['Sub-property did not have a name', 'property-without-name'],
  ['Property did not have a name', 'property-without-name'],
  ["Expected an '=' sign defining a sub-property", 'line-without-equals'],
  ["Expected an '=' sign defining a property", 'line-without-equals'],
  ['Expected a property definition', 'line-without-equals'],
];

type Profiles = Record<string, Record<string, string>>;

/**
 * expectDivergence: where the JavaScript SDK (and so credchain) differs from the Rust expectation.
 * `js` is what the JavaScript SDK produces, in the suite's notation; `why` says what it does.
 * For Rust error cases `js` is the parse result and the error becomes a diagnostic (see above).
 */
const expectDivergence: Record<string, { why: string; js: Profiles }> = {
  'Profile definitions must end with brackets.': { why: 'JS ignores the unclosed header line instead of failing', js: {} },
  'Profile names should be trimmed.': {
    why: 'JS needs exactly one whitespace character between `profile` and the name and nothing after it; `[profile \\tfoo \\t]` is ignored',
    js: {},
  },
  'Properties must be defined in a profile.': { why: 'JS ignores a property before any section instead of failing', js: {} },
  'Property values can be empty.': { why: 'JS treats `name =` as the start of a sub-property list and stores nothing', js: { foo: {} } },
  'Property key cannot be empty.': { why: 'JS ignores `= value` instead of failing', js: { foo: {} } },
  'Property definitions must contain an equals sign.': { why: 'JS ignores a line without `=` instead of failing', js: { foo: {} } },
  'Comments can be empty.': {
    why: 'JS only starts a comment at the line start or after whitespace: `[profile foo];` is not a section header, so foo is never opened and `name = value ;` has no section',
    js: {},
  },
  'Comments can be adjacent to profile names.': { why: 'JS: `[profile foo];…` is not a section header (see above)', js: {} },
  'Comment characters adjacent to profile decls': { why: 'JS: `[profile foo];…` is not a section header (see above)', js: {} },
  'Property values can be continued on the next line.': {
    why: 'JS has no continuation lines: the indented line has no `=` and is ignored',
    js: { foo: { name: 'value' } },
  },
  'Property values can be continued with multiple lines.': { why: 'JS has no continuation lines', js: { foo: { name: 'value' } } },
  'Continuations are trimmed.': { why: 'JS has no continuation lines', js: { foo: { name: 'value' } } },
  'Continuation values include pound comments.': { why: 'JS has no continuation lines', js: { foo: { name: 'value' } } },
  'Continuation values include semicolon comments.': { why: 'JS has no continuation lines', js: { foo: { name: 'value' } } },
  'Continuations cannot be used outside of a profile.': { why: 'JS ignores the line instead of failing', js: {} },
  'Continuations cannot be used outside of a property.': { why: 'JS ignores the line instead of failing', js: { foo: {} } },
  'Continuations reset with profile definitions.': { why: 'JS ignores the line instead of failing', js: { foo: { name: 'value' } } },
  'Invalid continuation': { why: 'JS ignores the line instead of failing', js: { foo: { name: 'value' } } },
  'Duplicate properties in duplicate profiles use the last one defined (case insensitive).': {
    why: 'JS property names are case-sensitive: `Name` and `name` are two properties',
    js: { foo: { Name: 'value', name: 'value2' } },
  },
  'All valid property name characters are supported.': {
    why: 'JS keeps property names as written (no lower-casing)',
    js: { foo: { 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_': 'value' } },
  },
  'Invalid property names are ignored.': { why: 'JS accepts any text before `=` as a property name', js: { foo: { 'in valid': 'value' } } },
  'Invalid profile names are ignored.': {
    why: 'JS takes a credentials-file section name as written, spaces included (the config-file one is ignored in both)',
    js: { 'in valid 2': { name2: 'value2' } },
  },
  'profile name with extra whitespace': { why: 'JS ignores `[   profile foo    ]` (no match for `profile NAME`)', js: { bar: {} } },
  'profile name with extra whitespace in credentials': { why: 'JS takes the credentials section name as written: "   foo    "', js: { '   foo    ': { name: 'value' } } },
  'Invalid sub-property definitions cause an error.': { why: 'JS ignores the line instead of failing', js: { foo: {} } },
  'Sub-property definitions can have an empty value.': {
    why: 'JS treats the indented `name =` as the start of another sub-property list and stores nothing',
    js: { foo: {} },
  },
  'Sub-property definitions cannot have an empty name.': { why: 'JS ignores the line instead of failing', js: { foo: {} } },
};

/**
 * JS quirks we deliberately do not copy: the case's Rust expectation holds for credchain, and the
 * SDK comparison allows exactly this difference.
 */
const jsQuirkNotCopied: Record<string, { why: string; sdkOnlyProfiles: string[] }> = {
  'Credentials profiles with prefix are ignored.': {
    why: 'In the credentials file the JS SDK files `[profile foo]` under the profile name "profile.foo"; credchain ignores the section with a diagnostic, as Rust does',
    sdkOnlyProfiles: ['profile.foo'],
  },
};

function parseCase(input: ParserCase['input']) {
  const merged = parseProfileFiles([
    { kind: 'config', path: 'config', text: input.configFile ?? '' },
    { kind: 'credentials', path: 'credentials', text: input.credentialsFile ?? '' },
  ]);
  return { merged, diagnostics: merged.diagnostics };
}

/** The suite's notation: a sub-property list is the string "\nk = v\nk2 = v2". */
function inSuiteNotation(table: Record<string, Section>): Profiles {
  const out: Profiles = {};
  for (const [name, section] of Object.entries(table)) {
    out[name] = {};
    for (const [key, value] of Object.entries(section)) {
      out[name][key] = typeof value === 'string' ? value : Object.entries(value).map(([k, v]) => `\n${k} = ${v}`).join('');
    }
  }
  return out;
}

/** The SDK's notation: sub-properties flattened to `s3.k`, and a section with no property does not exist. */
function inSdkNotation(table: Record<string, Section>): Profiles {
  const out: Profiles = {};
  for (const [name, section] of Object.entries(table)) {
    const flat: Record<string, string> = {};
    for (const [key, value] of Object.entries(section)) {
      if (typeof value === 'string') flat[key] = value;
      else for (const [k, v] of Object.entries(value)) flat[`${key}.${k}`] = v;
    }
    if (Object.keys(flat).length > 0) out[name] = flat;
  }
  return out;
}

async function parseWithSdk(input: ParserCase['input']): Promise<{ profiles: Profiles; ssoSessions: Profiles }> {
  const dir = mkdtempSync(join(tmpdir(), 'credchain-parse-'));
  try {
    const configFilepath = join(dir, 'config');
    const filepath = join(dir, 'credentials');
    if (input.configFile !== undefined) writeFileSync(configFilepath, input.configFile);
    if (input.credentialsFile !== undefined) writeFileSync(filepath, input.credentialsFile);
    const profiles = (await parseKnownFiles({ filepath, configFilepath, ignoreCache: true })) as Profiles;
    // getConfigData keeps `[sso-session x]` / `[services x]` in the profile map under "sso-session.x":
    // that is its storage for those sections, compared separately below.
    for (const name of Object.keys(profiles)) if (/^(sso-session|services)\./.test(name)) delete profiles[name];
    const ssoSessions = (await loadSsoSessionData({ configFilepath })) as Profiles;
    return { profiles, ssoSessions };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('profile parser conformance (smithy-rs suite)', () => {
  it('has every case of the suite (65) and no stale divergence entry', () => {
    expect(cases).toHaveLength(65);
    const names = new Set(cases.map((c) => c.name));
    for (const name of [...Object.keys(expectDivergence), ...Object.keys(jsQuirkNotCopied)]) expect(names).toContain(name);
  });

  it.each(cases.map((c, i) => [`${i + 1}. ${c.name}`, c] as const))('%s', async (_label, testCase) => {
    const { merged, diagnostics } = parseCase(testCase.input);
    const divergence = expectDivergence[testCase.name];

    if (testCase.output.errorContaining !== undefined) {
      const expectedKind = DIAGNOSTIC_FOR_RUST_ERROR.find(([text]) => testCase.output.errorContaining!.includes(text))?.[1];
      expect(expectedKind, 'a Rust error with no diagnostic mapping').toBeDefined();
      expect(diagnostics.map((d) => d.kind)).toContain(expectedKind);
      expect(divergence, 'a Rust error case must be listed as a JS divergence').toBeDefined();
      expect(inSuiteNotation(merged.profiles)).toEqual(divergence!.js);
    } else if (divergence) {
      const ours = inSuiteNotation(merged.profiles);
      expect(ours).toEqual(divergence.js);
      expect(ours, 'listed as a divergence but matches Rust: remove the entry').not.toEqual(testCase.output.config!.profiles);
    } else {
      expect(inSuiteNotation(merged.profiles)).toEqual(testCase.output.config!.profiles);
      if (testCase.output.config!.sso_sessions) expect(inSuiteNotation(merged.ssoSessions)).toEqual(testCase.output.config!.sso_sessions);
    }

    // JavaScript parity, checked against the installed SDK itself.
    const sdk = await parseWithSdk(testCase.input);
    for (const name of jsQuirkNotCopied[testCase.name]?.sdkOnlyProfiles ?? []) delete sdk.profiles[name];
    expect(inSdkNotation(merged.profiles)).toEqual(sdk.profiles);
    expect(inSdkNotation(merged.ssoSessions)).toEqual(sdk.ssoSessions);
  });
});
