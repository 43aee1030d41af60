// docs/lambda.md's tables are output, not prose: each row of "The execution role → the Atlas database
// user" is a role session the Atlas stand-in accepts as the user the row names, and each row of the
// troubleshooting table is reproduced against the stand-in, the command in its second column printing
// the text in its third. (The guide's code samples: test/package/lambda-bundles.test.ts.)
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialChain } from '../../src/index.js';
import { startAtlasEmulator, type AtlasEmulator } from '../../src/emulator/atlas/index.js';
import { startEmulator, type Emulator, type IssuedCredentials } from '../../src/emulator/index.js';
import { createSaslContinue, createSaslStart, parseServerFirst } from '../../src/mongodb/mongodb-aws.js';
import { openConnection } from '../../src/mongodb/socket.js';
import { runCli } from '../support/run-cli.js';

const DOC = readFileSync(new URL('../../docs/lambda.md', import.meta.url), 'utf8');

/** The rows of the first table after `heading`, cells without their backticks. */
function tableAfter(heading: string): string[][] {
  const lines = DOC.slice(DOC.indexOf(heading)).split('\n');
  const start = lines.findIndex((line) => line.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split(' | ').map((cell) => cell.trim().replace(/^`|`$/g, '')));
  }
  return rows;
}

let emulator: Emulator;
const dirs: string[] = [];
const printed: string[] = [];
beforeAll(async () => {
  emulator = await startEmulator({
    scenario: {
      roles: { 'orders-role': 'arn:aws:iam::123456789012:role/orders-role', 'service-orders-role': 'arn:aws:iam::123456789012:role/service-role/orders-role', 'app-role': 'arn:aws:iam::123456789012:role/service/app-role' },
      users: { developer: {}, deployer: { arn: 'arn:aws:iam::123456789012:user/ci/deployer' } },
    },
  });
});
afterAll(async () => {
  await emulator.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  for (const secret of emulator.secrets()) expect(printed.join('\n')).not.toContain(secret);
});

async function logsIn(atlas: AtlasEmulator, env: Record<string, string>): Promise<void> {
  const client = new MongoClient(atlas.uri(), { authMechanismProperties: { AWS_CREDENTIAL_PROVIDER: credentialChain({ context: { env }, logger: {} }) }, serverSelectionTimeoutMS: 5000 });
  try {
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close();
  }
}

const sessionEnv = (session: IssuedCredentials) => ({ AWS_ACCESS_KEY_ID: session.accessKeyId, AWS_SECRET_ACCESS_KEY: session.secretAccessKey, AWS_SESSION_TOKEN: session.sessionToken! });

describe('docs/mongodb.md quotes the bench run docs/lambda.md holds', () => {
  it('every figure of docs/mongodb.md\'s "What the other setup costs" (before the unbundled part) is in the bench:lambda block', () => {
    const mongodb = readFileSync(new URL('../../docs/mongodb.md', import.meta.url), 'utf8');
    const start = mongodb.indexOf('\n## What the other setup costs\n');
    const paragraph = mongodb.slice(start, mongodb.indexOf('Unbundled,', start));
    expect(start).toBeGreaterThan(0);
    const block = DOC.slice(DOC.indexOf('<!-- bench:lambda:start -->'), DOC.indexOf('<!-- bench:lambda:end -->'));
    const figures = paragraph.match(/\d+\.\d+/g) ?? [];
    expect(figures.length).toBeGreaterThanOrEqual(8);
    expect(figures.filter((figure) => !block.includes(figure))).toEqual([]);
  });
});

describe('docs/lambda.md: the execution role → the Atlas database user', () => {
  const rows = tableAfter('## The execution role → the Atlas database user');

  it('has the three examples (plain role, role with a path, IAM user with a path)', () => {
    expect(rows).toHaveLength(3);
  });

  it.each(rows.map((row) => [row[0]!, row] as const))('%s: STS returns the second column, Atlas logs it in as the third', async (_name, [iam, stsArn, atlasUser]) => {
    const atlas = await startAtlasEmulator({ lookup: (id) => emulator.issued(id), users: [atlasUser!] });
    try {
      let env: Record<string, string>;
      if (iam!.startsWith('IAM user')) {
        const user = emulator.scenario.users.deployer!;
        expect(user.arn).toBe(stsArn);
        env = { AWS_ACCESS_KEY_ID: user.accessKeyId, AWS_SECRET_ACCESS_KEY: user.secretAccessKey };
      } else {
        const session = emulator.roleSession(iam!, 'orders');
        expect(session.arn).toBe(stsArn);
        env = sessionEnv(session);
      }
      await logsIn(atlas, env);
      expect(atlas.authAttempts).toEqual([expect.objectContaining({ ok: true, user: atlasUser })]);
    } finally {
      await atlas.close();
    }
  });
});

describe('docs/lambda.md: troubleshooting "Authentication failed."', () => {
  const rows = tableAfter('## Troubleshooting `Authentication failed.`');
  const developer = () => emulator.scenario.users.developer!;
  const stsEnv = () => ({ AWS_ENDPOINT_URL_STS: emulator.url, AWS_REGION: 'us-east-1' });

  /** The CLI as a user runs it (main, in process), in a directory of its own; its output, searched for every secret by afterAll. */
  async function atlasCheck(atlas: AtlasEmulator, env: Record<string, string>): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'credchain-doc-'));
    dirs.push(dir);
    const run = await runCli(['atlas-check', atlas.uri(), '--timeout', '5000'], { HOME: dir, ...stsEnv(), ...env }, { cwd: dir });
    printed.push(run.stdout, run.stderr);
    expect(run.code).toBe(6);
    expect(run.stdout).toContain('FAILED (MONGODB-AWS authentication): the server said: Authentication failed.');
    return run.stdout;
  }

  /** Each cause set up for real: the output of the command the table names. */
  const CAUSES: Record<string, () => Promise<string>> = {
    'wrong secret access key': async () => withAtlas({}, (atlas) => atlasCheck(atlas, { AWS_ACCESS_KEY_ID: developer().accessKeyId, AWS_SECRET_ACCESS_KEY: 'NotTheSecretNotTheSecretNotTheSecret1234' })),
    'stale session token': async () =>
      withAtlas({}, (atlas) => atlasCheck(atlas, { AWS_ACCESS_KEY_ID: developer().accessKeyId, AWS_SECRET_ACCESS_KEY: developer().secretAccessKey, AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEXAMPLELEFTOVERTOKEN' })),
    'no Atlas database user': async () => withAtlas({ users: ['arn:aws:iam::123456789012:role/someone-else'] }, (atlas) => atlasCheck(atlas, sessionEnv(emulator.roleSession('orders-role', 'orders')))),
    'registered with the role\'s IAM path': async () =>
      withAtlas({ users: ['arn:aws:iam::123456789012:role/service/app-role'] }, async (atlas) => {
        const output = await atlasCheck(atlas, sessionEnv(emulator.roleSession('app-role', 'orders')));
        expect(atlas.authAttempts.at(-1)?.reason).toMatch(/has an IAM path, which Atlas never matches/);
        return output;
      }),
    'clock is more than 15 minutes off': async () => withAtlas({ now: () => Date.now() + 20 * 60_000 }, (atlas) => atlasCheck(atlas, sessionEnv(emulator.roleSession('orders-role', 'orders')))),
    'another STS region': async () =>
      withAtlas({ stsHost: 'sts.eu-west-1.amazonaws.com' }, async (atlas) => {
        // A client that signs for us-east-1 whatever host the server names; the stand-in's refusal reason is its log line.
        const session = emulator.roleSession('orders-role', 'orders');
        const connection = await openConnection({ host: '127.0.0.1', port: atlas.port, timeoutMs: 5000 });
        try {
          const start = await createSaslStart();
          const first = await connection.command('$external', start.command);
          const server = await parseServerFirst((first.payload as { buffer: Uint8Array }).buffer, start.nonce);
          await connection.command('$external', await createSaslContinue(first.conversationId, { ...server, host: 'sts.amazonaws.com' }, session, new Date()));
        } finally {
          connection.close();
        }
        return atlas.authAttempts.at(-1)?.reason ?? '';
      }),
  };

  async function withAtlas(options: Partial<Parameters<typeof startAtlasEmulator>[0]>, run: (atlas: AtlasEmulator) => Promise<string>): Promise<string> {
    const atlas = await startAtlasEmulator({ lookup: (id) => emulator.issued(id), ...options });
    try {
      return await run(atlas);
    } finally {
      await atlas.close();
    }
  }

  it('has a row for each cause: wrong secret, stale session token, missing user, role path, clock skew, STS region', () => {
    expect(rows.map(([cause]) => Object.keys(CAUSES).find((key) => cause!.includes(key)))).toEqual(Object.keys(CAUSES));
  });

  it.each(rows.map((row) => [row[0]!, row] as const))('%s: the command prints what the table says', async (cause, [, command, prints]) => {
    const key = Object.keys(CAUSES).find((name) => cause.includes(name))!;
    expect(command).toMatch(key === 'another STS region' ? /^credchain emulate --mongodb/ : /^credchain atlas-check "\$MONGODB_URI"$/);
    expect(await CAUSES[key]!()).toContain(prints);
  });
});
