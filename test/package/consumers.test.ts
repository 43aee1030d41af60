// The consumer matrix: credchain packed with `npm pack` (build at pack time), installed from the
// tarball into one throwaway project, and used from every kind of project a user has — ESM and
// CommonJS JavaScript, TypeScript with `module: node16` (CommonJS and ESM), `nodenext` (.mts and
// .cts) and `moduleResolution: bundler` (bundled with rolldown, then run) — each type-checked and
// run against a shared-config profile, so the lazily loaded code runs from every entry. One uses
// credchain as `credentials` of the real @aws-sdk/client-sts against the loopback emulator.
// (credchain as the MongoDB driver's `@aws-sdk/credential-providers`: test/package/mongodb-driver.test.ts.)
// @module-tag process
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { installConsumerProject, repoRoot, runNode, runTsc, writeFiles, type NodeRun, type PackedTarball } from '../support/consumer-project.js';
import { sharedTarball } from '../support/shared-tarball.js';

let tarball: PackedTarball;
let project: string;
let emulator: Emulator;
const printed: string[] = [];
/** One tsc run per TypeScript project, shared by the cases that run its output. */
const compiled = new Map<string, Promise<NodeRun>>();
const compile = (dir: string) => compiled.get(dir) ?? compiled.set(dir, runTsc(dir)).get(dir)!;

beforeAll(async () => {
  emulator = await startEmulator();
  tarball = sharedTarball();
  project = await installConsumerProject({ tarball, fromRegistry: ['@aws-sdk/client-sts'] });
  writeFiles(project, CASES);
}, 240_000);

afterAll(async () => {
  await emulator?.close();
  if (project) rmSync(project, { recursive: true, force: true });
  // Nothing any consumer printed may hold a secret the emulator issued or a key from the profile.
  const secrets = emulator ? [...emulator.secrets(), ...Object.values(emulator.scenario.users).map((user) => user.secretAccessKey)] : [];
  for (const secret of secrets.filter(Boolean)) expect(printed.join('\n')).not.toContain(secret);
});

/** The environment every case runs in: a HOME whose ~/.aws/credentials has the emulator user's keys (a lazily loaded source). */
function profileEnv(): Record<string, string> {
  return { HOME: join(project, 'home'), AWS_PROFILE: 'consumer' };
}

async function runCase(args: string[], cwd: string, env = profileEnv()): Promise<NodeRun> {
  const result = await runNode(args, cwd, env);
  printed.push(result.stdout, result.stderr);
  return result;
}

/** What every case prints: where credentials came from and the key id (never a secret). */
const PRINT = "console.log(JSON.stringify({ source: credentials.source, accessKeyId: credentials.accessKeyId }))";

const TS_COMMON = (extra: Record<string, unknown>) =>
  JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        strict: true,
        // The package's own declarations are checked too, not skipped. Like any Node project, these
        // have @types/node (this repository's: a consumer project installs nothing for the type-check).
        skipLibCheck: false,
        skipDefaultLibCheck: true,
        typeRoots: [join(repoRoot, 'node_modules/@types')],
        types: ['node'],
        outDir: 'out',
        ...extra,
      },
    },
    null,
    2,
  );

/** TypeScript source using the package's types: a wrong option type must be an error (types are not `any`). */
const TS_SOURCE = (importLine: string) => `${importLine}

function misuse(): void {
  // @ts-expect-error -- profile is a string
  credentialChain({ profile: 1 });
}
void misuse;

const provider: CredentialProvider = credentialChain();
provider().then((credentials: Credentials) => {
  ${PRINT};
});
`;

const CASES: Record<string, string> = {
  'esm/package.json': '{ "type": "module" }\n',
  'esm/index.js': `import { credentialChain } from 'credchain';\nconst credentials = await credentialChain()();\n${PRINT};\n`,
  'cjs/package.json': '{ "type": "commonjs" }\n',
  'cjs/index.js': `const { credentialChain } = require('credchain');\ncredentialChain()().then((credentials) => {\n  ${PRINT};\n});\n`,
  'ts-node16-cjs/package.json': '{ "type": "commonjs" }\n',
  'ts-node16-cjs/tsconfig.json': TS_COMMON({ module: 'node16', moduleResolution: 'node16' }),
  'ts-node16-cjs/index.ts': TS_SOURCE("import { credentialChain, type CredentialProvider, type Credentials } from 'credchain';"),
  'ts-node16-esm/package.json': '{ "type": "module" }\n',
  'ts-node16-esm/tsconfig.json': TS_COMMON({ module: 'node16', moduleResolution: 'node16' }),
  'ts-node16-esm/index.ts': TS_SOURCE("import { credentialChain, type CredentialProvider, type Credentials } from 'credchain';"),
  'ts-nodenext/package.json': '{ "type": "commonjs" }\n',
  'ts-nodenext/tsconfig.json': TS_COMMON({ module: 'nodenext', moduleResolution: 'nodenext' }),
  'ts-nodenext/index.mts': TS_SOURCE("import { credentialChain, type CredentialProvider, type Credentials } from 'credchain';"),
  'ts-nodenext/index.cts': TS_SOURCE("import { credentialChain, type CredentialProvider, type Credentials } from 'credchain';"),
  'ts-bundler/package.json': '{ "type": "module" }\n',
  'ts-bundler/tsconfig.json': TS_COMMON({ module: 'esnext', moduleResolution: 'bundler', noEmit: true }),
  'ts-bundler/index.ts': TS_SOURCE("import { credentialChain, type CredentialProvider, type Credentials } from 'credchain';"),
  // The bundler case is built the way an app would be: rolldown (this repository's) bundles the app and credchain together.
  'ts-bundler/bundle.mjs': `import { rolldown } from ${JSON.stringify(join(repoRoot, 'node_modules/rolldown/dist/index.mjs'))};
const bundle = await rolldown({ input: 'index.ts', platform: 'node', logLevel: 'warn' });
await bundle.write({ dir: 'out', format: 'esm' });
await bundle.close();
`,
  'sts/package.json': '{ "type": "module" }\n',
  'sts/index.js': `import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from 'credchain';

const client = new STSClient({ region: 'eu-central-1', endpoint: process.env.EMULATOR_URL, credentials: fromNodeProviderChain() });
const first = await client.send(new GetCallerIdentityCommand({}));
const second = await client.send(new GetCallerIdentityCommand({}));
console.log(JSON.stringify({ arns: [first.Arn, second.Arn] }));
`,
};

describe('the packed tarball', () => {
  it('has a package.json without install-time (or any) scripts, a LICENSE and both builds', async () => {
    expect(tarball.manifest).not.toHaveProperty('scripts');
    expect(tarball.manifest).not.toHaveProperty('devDependencies');
    const installed = join(project, 'node_modules/credchain');
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toMatch(/Apache License\s+Version 2\.0, January 2004/);
    for (const file of ['dist/index.js', 'dist/index.d.ts', 'dist/cjs/index.js', 'dist/cjs/index.d.ts', 'dist/cjs/package.json', 'dist/cli/main.js']) {
      expect(() => readFileSync(join(installed, file)), file).not.toThrow();
    }
  });
});

// tsc and a bundler per case: seconds each on a busy 2-core machine.
describe('a consumer project', { timeout: 120_000 }, () => {
  beforeAll(() => {
    writeFiles(project, { 'home/.aws/credentials': emulator.credentialsProfile('consumer') });
  });
  const user = () => Object.values(emulator.scenario.users)[0]!;
  const expected = () => ({ source: 'profile', accessKeyId: user().accessKeyId });
  const lastLine = (run: NodeRun) => JSON.parse(run.stdout.trim().split('\n').at(-1)!);

  it('in JavaScript ESM imports it', async () => {
    const run = await runCase(['index.js'], join(project, 'esm'));
    expect(run.stderr).toBe('');
    expect(lastLine(run)).toEqual(expected());
  });

  it('in JavaScript CommonJS requires it, without Node\'s ESM loader (works with require(esm) turned off)', async () => {
    const run = await runCase(['--no-experimental-require-module', 'index.js'], join(project, 'cjs'));
    expect(run.stderr).toBe('');
    expect(lastLine(run)).toEqual(expected());
  });

  it.each([
    ['ts-node16-cjs', 'index.js', /require\("credchain"\)/],
    ['ts-node16-esm', 'index.js', /from 'credchain'/],
    ['ts-nodenext', 'index.cjs', /require\("credchain"\)/],
    ['ts-nodenext', 'index.mjs', /from 'credchain'/],
  ])('in TypeScript (%s) type-checks, compiles to out/%s and runs', async (name, output, loads) => {
    const dir = join(project, name);
    const tsc = await compile(dir);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(readFileSync(join(dir, 'out', output), 'utf8')).toMatch(loads);
    const run = await runCase(['--no-experimental-require-module', join('out', output)], dir);
    expect(run.stderr).toBe('');
    expect(lastLine(run)).toEqual(expected());
  });

  it('in TypeScript with moduleResolution bundler type-checks, bundles with rolldown and runs', async () => {
    const dir = join(project, 'ts-bundler');
    const tsc = await compile(dir);
    expect(tsc.stdout + tsc.stderr).toBe('');
    const bundled = await runCase(['bundle.mjs'], dir, {});
    expect(bundled.code, bundled.stderr).toBe(0);
    const run = await runCase(['out/index.js'], dir);
    expect(run.stderr).toBe('');
    expect(lastLine(run)).toEqual(expected());
  });

  it('gives the real STSClient its credentials (a role assumed in the client\'s region, at the emulator), fetched once for two calls', async () => {
    const role = emulator.scenario.roles['app-role']!;
    const base = user();
    writeFiles(project, {
      'sts-home/.aws/config': `[profile app]\nrole_arn = ${role.arn}\nsource_profile = base\n`,
      'sts-home/.aws/credentials': `[base]\naws_access_key_id = ${base.accessKeyId}\naws_secret_access_key = ${base.secretAccessKey}\n`,
    });
    const before = emulator.count('sts:AssumeRole');
    const hostsFile = join(project, 'sts-hosts.txt');
    writeFiles(project, { 'sts-hosts.txt': '' });
    // credchain's AssumeRole goes to the real STS host name, intercepted in the subprocess and answered by the emulator.
    const run = await runCase(['--import', join(repoRoot, 'test/support/record-aws-hosts.mjs'), 'index.js'], join(project, 'sts'), {
      HOME: join(project, 'sts-home'),
      AWS_PROFILE: 'app',
      RECORD_AWS_HOSTS_FILE: hostsFile,
      RECORD_AWS_HOSTS_FORWARD: emulator.url,
      EMULATOR_URL: emulator.url,
      // The SDK warns on Node 20 that its releases after January 2027 need Node 22: not this test's subject.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    expect(run.stderr).toBe('');
    const session = `arn:aws:sts::${emulator.scenario.accountId}:assumed-role/${role.name}/`;
    expect(lastLine(run).arns).toEqual([expect.stringContaining(session), expect.stringContaining(session)]);
    expect(emulator.count('sts:AssumeRole') - before).toBe(1);
    // The role profile names no region: the calling client's region, as the SDK (issue 16).
    expect(readFileSync(hostsFile, 'utf8').split('\n').filter(Boolean)).toEqual(['sts.eu-central-1.amazonaws.com']);
    expect(emulator.count('sts:GetCallerIdentity')).toBeGreaterThanOrEqual(2);
  });
});
