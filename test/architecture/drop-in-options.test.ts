// docs/sdk-drop-in.md's tables of options are generated, so they can drift neither from the SDK nor from
// credchain: every option in the type of each of the SDK's named providers (read from
// @aws-sdk/credential-providers' declarations with the TypeScript compiler) is given to credchain's provider
// of the same name, which must take it (honoured) or refuse it with a TypeError that says why; the
// same for every key of the SDK's STS / SSO client config in `clientConfig`. The tables in the doc must be
// exactly what this test generates (CREDCHAIN_WRITE_DOCS=1 writes them).
import { readFileSync, writeFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CLIENT_CONFIG_NAMES, REFUSED_CLIENT_CONFIG, SDK_CLIENT_MACHINERY, checkClientConfig } from '../../src/client-config.js';
import * as credchain from '../../src/index.js';
import { CHAIN_OPTION_NAMES } from '../../src/options.js';

const DOC_URL = new URL('../../docs/sdk-drop-in.md', import.meta.url);
const PROVIDERS = [
  'fromNodeProviderChain', 'fromEnv', 'fromIni', 'fromSSO', 'fromProcess', 'fromTokenFile', 'fromWebToken', 'fromContainerMetadata', 'fromHttp',
  'fromInstanceMetadata', 'fromTemporaryCredentials', 'fromLoginCredentials',
] as const;
type Provider = (typeof PROVIDERS)[number];

/** The property names of types written against the SDK's declarations, resolved by the compiler. */
function sdkTypeProperties(types: Record<string, string>): Record<string, string[]> {
  const file = new URL('../__sdk-option-names__.ts', import.meta.url).pathname;
  const source = [
    "import type * as sdk from '@aws-sdk/credential-providers';",
    "import type { STSClientConfig } from '@aws-sdk/client-sts';",
    ...Object.entries(types).map(([name, type]) => `export type ${name} = ${type};`),
  ].join('\n');
  const host = ts.createCompilerHost({});
  const readFile = host.readFile.bind(host);
  host.readFile = (path) => (path === file ? source : readFile(path));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (path) => path === file || fileExists(path);
  const program = ts.createProgram([file], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, skipLibCheck: true, noEmit: true }, host);
  const checker = program.getTypeChecker();
  const result: Record<string, string[]> = {};
  for (const statement of program.getSourceFile(file)!.statements) {
    if (!ts.isTypeAliasDeclaration(statement)) continue;
    result[statement.name.text] = checker.getPropertiesOfType(checker.getTypeAtLocation(statement.name)).map((symbol) => symbol.name).sort();
  }
  return result;
}

const SDK = sdkTypeProperties({
  ...Object.fromEntries(PROVIDERS.map((name) => [name, `NonNullable<Parameters<typeof sdk.${name}>[0]>`])),
  stsClientConfig: 'STSClientConfig',
  ssoClientConfig: "NonNullable<NonNullable<Parameters<typeof sdk.fromSSO>[0]>['clientConfig']>",
  temporaryClientConfig: "NonNullable<NonNullable<Parameters<typeof sdk.fromTemporaryCredentials>[0]>['clientConfig']>",
});

/** A value of the right type for each option, so that only the name decides. */
const SAMPLE: Record<string, unknown> = {
  clientConfig: { region: 'eu-west-1' }, parentClientConfig: {}, callerClientConfig: {}, logger: {}, ignoreCache: true, timeout: 1, maxRetries: 0,
  ec2MetadataV1Disabled: true, mfaCodeProvider: async () => '123456', roleAssumer: async () => ({}), roleAssumerWithWebIdentity: async () => ({}),
  policyArns: [], durationSeconds: 900, processTimeoutMs: 1, context: {}, sources: ['env'], clientPlugins: [], ssoClient: {},
  params: { RoleArn: 'arn:aws:iam::123456789012:role/r' }, masterCredentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  awsContainerCredentialsRelativeUri: '/v2/credentials/x', awsContainerCredentialsFullUri: 'http://127.0.0.1/x',
};
const BASE: Partial<Record<Provider, Record<string, unknown>>> = {
  fromTemporaryCredentials: { params: SAMPLE.params },
  fromWebToken: { roleArn: 'arn:aws:iam::123456789012:role/r', webIdentityToken: 't' },
};

type Verdict = { honoured: true } | { honoured: false; reason: string };

function verdict(provider: Provider, name: string): Verdict | 'unknown' {
  try {
    (credchain[provider] as (init: object) => unknown)({ ...BASE[provider], [name]: SAMPLE[name] ?? 'x' });
    return { honoured: true };
  } catch (error) {
    const message = (error as Error).message;
    const refused = new RegExp(`^credchain: ${provider} does not support the AWS SDK option "${name}": (.+)$`).exec(message);
    if (refused) return { honoured: false, reason: refused[1]! };
    if (message.includes(`has no option "${name}"`)) return 'unknown';
    throw error;
  }
}

const CANDIDATES = [...new Set([...PROVIDERS.flatMap((provider) => SDK[provider]!), ...CHAIN_OPTION_NAMES, 'params', 'masterCredentials', 'webIdentityToken'])].sort();
const code = (names: string[]) => (names.length ? names.map((name) => `\`${name}\``).join(', ') : '—');

/** The table of every named provider's options, and the table of refusals, as docs/sdk-drop-in.md shows them. */
function optionTables(): string {
  const rows: string[] = [];
  const refusals = new Map<string, { name: string; reason: string; providers: string[] }>();
  for (const provider of PROVIDERS) {
    const sdkNames = SDK[provider]!;
    const honoured: string[] = [];
    const refused: string[] = [];
    for (const name of sdkNames) {
      const found = verdict(provider, name);
      if (found === 'unknown') throw new Error(`${provider} neither takes nor refuses the SDK option "${name}"`);
      if (found.honoured) honoured.push(name);
      else {
        refused.push(name);
        const key = `${name}\u0000${found.reason}`;
        const entry = refusals.get(key) ?? { name, reason: found.reason, providers: [] };
        entry.providers.push(provider);
        refusals.set(key, entry);
      }
    }
    const beyond = CANDIDATES.filter((name) => !sdkNames.includes(name)).filter((name) => {
      const found = verdict(provider, name);
      return found !== 'unknown' && found.honoured;
    });
    rows.push(`| \`${provider}\` | ${code(honoured)} | ${code(refused)} | ${code(beyond)} |`);
  }
  const refusalRows = [...refusals.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((entry) => `| \`${entry.name}\` | ${entry.providers.length === rows.length ? 'all' : code(entry.providers)} | ${entry.reason.replace(/\|/g, '\\|')} |`);
  return [
    '| Provider | The SDK\'s options it honours | The SDK\'s options it refuses | It also takes |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    'Refused, with the `TypeError` message\'s reason:',
    '',
    '| Option | Refused by | Why |',
    '| --- | --- | --- |',
    ...refusalRows,
  ].join('\n');
}

/** What credchain does with each key of the SDK's STS and SSO client config in `clientConfig`. */
function clientConfigTable(): string {
  const keys = [...new Set([...SDK.stsClientConfig!, ...SDK.ssoClientConfig!, ...SDK.temporaryClientConfig!])].sort();
  const own: string[] = [];
  const machinery: string[] = [];
  const honoured = keys.filter((key) => (CLIENT_CONFIG_NAMES as readonly string[]).includes(key));
  for (const key of keys.filter((name) => !honoured.includes(name))) {
    let message = '';
    try {
      checkClientConfig({ [key]: {} }, 'fromIni');
    } catch (error) {
      message = (error as Error).message;
    }
    const reason = new RegExp(`clientConfig\\.${key} is not supported: (.+)$`).exec(message)?.[1];
    if (!reason) throw new Error(`clientConfig.${key} is neither honoured nor refused with a reason: ${message}`);
    if (reason.startsWith('it is the SDK client\'s own machinery')) machinery.push(key);
    else own.push(`| \`${key}\` | ${reason} |`);
  }
  // Every key credchain names is a key of the SDK's clients, and its list of their machinery is theirs.
  expect([...CLIENT_CONFIG_NAMES, ...Object.keys(REFUSED_CLIENT_CONFIG), ...SDK_CLIENT_MACHINERY].filter((name) => !keys.includes(name))).toEqual([]);
  expect(machinery).toEqual([...SDK_CLIENT_MACHINERY].sort());
  return [
    `Honoured: ${code(honoured)} (and \`profile\` in \`fromTemporaryCredentials\`).`,
    '',
    '| Refused key | Why |',
    '| --- | --- |',
    ...own,
    '',
    `Refused as the SDK client's own machinery (serialization, middleware, signer, endpoint rules), which credchain's calls do not have: ${code(machinery)}.`,
  ].join('\n');
}

function generatedBlock(doc: string, name: string, body: string, write: boolean): { doc: string; found: string; expected: string } {
  const start = `<!-- generated: ${name} (test/architecture/drop-in-options.test.ts) -->`;
  const end = `<!-- end: ${name} -->`;
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  const expected = `${start}\n${body}\n${end}`;
  if (from === -1 || to === -1) return { doc, found: '(no block)', expected };
  const found = doc.slice(from, to + end.length);
  return { doc: write ? doc.replace(found, expected) : doc, found, expected };
}

describe('docs/sdk-drop-in.md: every option of every named provider, and every clientConfig key', () => {
  it('the SDK\'s types were read (a change of the SDK shows here)', () => {
    expect(SDK.fromNodeProviderChain).toContain('roleAssumerWithWebIdentity');
    expect(SDK.fromHttp).toContain('awsContainerCredentialsFullUri');
    expect(SDK.stsClientConfig).toEqual(expect.arrayContaining(['endpoint', 'requestHandler', 'customUserAgent', 'maxAttempts', 'retryMode', 'logger']));
  });

  it('each table in the doc is what the code and the SDK\'s types give', () => {
    const write = process.env.CREDCHAIN_WRITE_DOCS === '1';
    let doc = readFileSync(DOC_URL, 'utf8');
    const blocks = [generatedBlock(doc, 'named provider options', optionTables(), write)];
    doc = blocks[0]!.doc;
    blocks.push(generatedBlock(doc, 'clientConfig keys', clientConfigTable(), write));
    doc = blocks[1]!.doc;
    if (write) writeFileSync(DOC_URL, doc);
    for (const block of blocks) expect(block.found).toBe(block.expected);
  });

  it('a verdict can fail: a name no provider knows is "unknown", a refused one carries its reason', () => {
    expect(verdict('fromEnv', 'profle')).toBe('unknown');
    expect(verdict('fromIni', 'clientPlugins')).toMatchObject({ honoured: false, reason: expect.stringMatching(/middleware/) });
  });
});
