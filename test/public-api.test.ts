// The package's public API is small on purpose (docs/sdk-drop-in.md, "Exports"): the providers and the
// error type as values, the types their signatures need, nothing internal. Checked on the source entry
// (its values) and on the one declaration file the build ships for it (scripts/build.mjs).
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const EXPORTED_VALUES = [
  'CredentialsProviderError',
  'createCredentialChain',
  'credentialChain',
  'fromCognitoIdentity',
  'fromCognitoIdentityPool',
  'fromContainerMetadata',
  'fromEnv',
  'fromHttp',
  'fromIni',
  'fromInstanceMetadata',
  'fromLoginCredentials',
  'fromNodeProviderChain',
  'fromProcess',
  'fromSSO',
  'fromTemporaryCredentials',
  'fromTokenFile',
  'fromWebToken',
];

/** Every name the declaration file may declare: the public types, and the option-name lists the init types are derived from. */
const DECLARED_TYPES = [
  'AnyCredentialProvider', 'AssumeRoleParams', 'AssumeRoleWithWebIdentityParams', 'AwsCredentialIdentity', 'CallerClientConfig', 'ChainOptions',
  'CommandResult', 'Context', 'CredentialChain', 'CredentialFields', 'CredentialProvider', 'Credentials', 'CredentialsProviderErrorOptions',
  'CustomSource', 'CustomSourceInput', 'Explanation', 'FromContainerMetadataInit', 'FromEnvInit', 'FromHttpOptions', 'FromIniInit',
  'FromInstanceMetadataInit', 'FromLoginCredentialsInit', 'FromProcessInit', 'FromSSOInit', 'FromTemporaryCredentialsOptions', 'FromTokenFileInit',
  'FromWebTokenInit', 'HttpRequest', 'HttpResponse', 'Logger', 'NamedProvider', 'Outcome', 'PartialContext', 'ProblemDetails', 'ProfileSelection',
  'ProviderCall', 'ReadFileOptions', 'RegionInput', 'RunCommandOptions', 'SourceName', 'TemporaryCredentialsParams', 'TraceEntry',
  'ChainOptionName', 'OptionsNamed',
  // clientConfig (src/client-config.ts) and the SDK request handler shape it takes.
  'ClientConfig', 'ValueOrProvider', 'EndpointInput', 'NodeHandlerOptions', 'SdkRequestHandler', 'SdkHttpRequest', 'SdkHttpResponse',
];
const OPTION_NAME_LIST = /^(?:[A-Z]+_)*OPTION_NAMES(?:\$\d+)?$/;

/**
 * What the chain keeps to itself: none of it may appear in what the package declares. The checked
 * account id and ARN types (src/outside-values.ts) are internal: the public shapes take a plain string.
 */
const INTERNAL = [
  'SourceState', 'SourceInput', 'ParsedConfigCache', 'ImdsSessionState', 'SsoTokenState', 'LoginTokenState', 'SharedConfig', 'REFRESH_WINDOW_MS', 'defaultContext', 'resolveChain', 'CredentialSource',
  'CheckedCredentials', 'CheckedFields', 'accountIdBrand', 'arnBrand', 'NoteDropped',
];

const declarationFile = new URL('../dist/index.d.ts', import.meta.url);

function declaredNames(source: ts.SourceFile): string[] {
  return source.statements.flatMap((statement) => {
    if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.map((declaration) => declaration.name.getText(source));
    const name = (statement as ts.DeclarationStatement).name;
    return name ? [name.getText(source)] : [];
  });
}

describe('public API', () => {
  it(`the entry exports exactly these ${EXPORTED_VALUES.length} values (at most 20)`, async () => {
    const entry = await import('../src/index.js');
    expect(Object.keys(entry).sort()).toEqual(EXPORTED_VALUES);
    expect(EXPORTED_VALUES.length).toBeLessThanOrEqual(20);
    // docs/sdk-drop-in.md, "Exports", says how many.
    expect(readFileSync(new URL('../docs/sdk-drop-in.md', import.meta.url), 'utf8')).toContain(`The package exports ${EXPORTED_VALUES.length} values`);
  });

  it('ships one declaration file per entry copy, declaring the public types and no internal one', () => {
    const text = readFileSync(declarationFile, 'utf8');
    const source = ts.createSourceFile('index.d.ts', text, ts.ScriptTarget.Latest, true);
    const names = declaredNames(source);
    expect(names).toEqual(expect.arrayContaining([...EXPORTED_VALUES, 'ChainOptions', 'Context', 'Explanation', 'TraceEntry', 'Credentials']));
    expect(names.filter((name) => !EXPORTED_VALUES.includes(name) && !DECLARED_TYPES.includes(name) && !OPTION_NAME_LIST.test(name))).toEqual([]);
    expect(INTERNAL.filter((name) => new RegExp(`\\b${name}\\b`).test(text))).toEqual([]);
    // Nothing else is imported: every type it needs is in the file (node: built-ins aside).
    expect(source.statements.filter(ts.isImportDeclaration).map((statement) => statement.moduleSpecifier.getText(source))).toEqual([]);
    expect(readFileSync(new URL('../dist/cjs/index.d.ts', import.meta.url), 'utf8')).toBe(text);
  });

  it('declares accountId as a plain string where users read or write it: they never have to make a checked one', () => {
    const source = ts.createSourceFile('index.d.ts', readFileSync(declarationFile, 'utf8'), ts.ScriptTarget.Latest, true);
    const accountIdOf = (name: string) => {
      const declaration = source.statements.find((statement): statement is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(statement) && statement.name.text === name);
      const member = declaration?.members.find((candidate) => candidate.name?.getText(source) === 'accountId') as ts.PropertySignature | undefined;
      return member?.type?.getText(source);
    };
    // Credentials is what providers return and what a custom source may return (CredentialFields is derived from it).
    expect(['Credentials', 'Explanation', 'AwsCredentialIdentity'].map(accountIdOf)).toEqual(['string', 'string', 'string']);
  });

  it('declares tryNextLink on CredentialsProviderError as a boolean, and its name as the SDK has it', () => {
    const source = ts.createSourceFile('index.d.ts', readFileSync(declarationFile, 'utf8'), ts.ScriptTarget.Latest, true);
    const errorClass = source.statements.find((statement): statement is ts.ClassDeclaration => ts.isClassDeclaration(statement) && statement.name?.text === 'CredentialsProviderError');
    const member = (name: string) => errorClass?.members.find((candidate) => candidate.name?.getText(source) === name) as ts.PropertyDeclaration | undefined;
    expect(member('tryNextLink')?.type?.getText(source)).toBe('boolean');
    expect(member('name')?.type?.getText(source) ?? member('name')?.initializer?.getText(source)).toBe('"CredentialsProviderError"');
    expect(errorClass?.heritageClauses?.[0]?.getText(source)).toBe('extends Error');
  });
});
