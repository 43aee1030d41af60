// credential_process with real child processes through the real shell runner (docs/behaviour.md, "credential_process"): success,
// exit 1 with stderr, bad JSON, wrong Version, expired, hang → timeout; no secret in any message.
// @module-tag process

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialChain } from '../../src/chain.js';
import { runShellCommand } from '../../src/io/command.js';
import type { ChainOptions } from '../../src/source.js';
import { fakeMachine } from '../support/fake-context.js';
import { expectBroken } from '../support/outcomes.js';
import { type CredentialsProviderError } from '../../src/errors.js';

const SECRET = 'procSecretSENTINEL/abcdefghijklmnopqrst';
const TOKEN = 'procTokenSENTINEL-0123456789abcdef';
const ARG_SECRET = 'argSecretSENTINEL-on-the-command-line';
const CONFIG = '/home/test/.aws/config';

let dir: string;
const node = JSON.stringify(process.execPath);

/** A command line that runs a small node script (written to a temp file) through the shell. */
function script(name: string, body: string): string {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, body);
  return `${node} ${JSON.stringify(file)} ${ARG_SECRET}`;
}

const credentialsJson = (fields: Record<string, unknown>) =>
  JSON.stringify({ Version: 1, AccessKeyId: 'AKIDPROCESS00000001', SecretAccessKey: SECRET, SessionToken: TOKEN, ...fields });

function chainFor(command: string, options: Partial<ChainOptions> & { extra?: string } = {}) {
  const { extra = '', ...chainOptions } = options;
  const machine = fakeMachine({ files: { [CONFIG]: `[profile tool]\ncredential_process = ${command}\n${extra}` } });
  machine.context.runCommand = runShellCommand;
  const provider = credentialChain({ context: machine.context, profile: 'tool', sources: ['profile'], ...chainOptions });
  return { machine, provider };
}

async function failure(command: string, options: Partial<ChainOptions> = {}) {
  const { machine, provider } = chainFor(command, options);
  const error = (await provider().catch((e: unknown) => e)) as CredentialsProviderError;
  const explanation = await provider.explain();
  const everything = [error.message, JSON.stringify(explanation), machine.logs.join('\n')].join('\n');
  for (const secret of [SECRET, TOKEN, ARG_SECRET]) expect(everything).not.toContain(secret);
  expectBroken(error);
  expect(error.message).toMatch(/^profile: the credential_process of profile "tool" /);
  return error;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'credchain-process-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('credential_process (real child processes)', () => {
  it('returns the JSON credentials, with Expiration and AccountId', async () => {
    const command = script('ok', `console.log(${JSON.stringify(credentialsJson({ Expiration: '2030-01-01T00:00:00Z', AccountId: '123456789012', CredentialScope: 'us-west-2' }))})`);
    const { provider } = chainFor(command);
    const credentials = await provider();
    expect(credentials).toMatchObject({
      accessKeyId: 'AKIDPROCESS00000001',
      secretAccessKey: SECRET,
      sessionToken: TOKEN,
      accountId: '123456789012',
      credentialScope: 'us-west-2',
      source: 'profile',
    });
    expect(credentials.expiration?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    const explanation = await provider.explain();
    expect(explanation.trace[0]!.notes.join('\n')).toMatch(/profile "tool": ran credential_process \(exit 0, \d+ ms\)/);
    expect(JSON.stringify(explanation)).not.toContain(ARG_SECRET);
  });

  it('runs through the shell and passes the environment', async () => {
    const command = `CREDCHAIN_PROBE=from-shell && export CREDCHAIN_PROBE && ${script('env', `console.log(JSON.stringify({ Version: 1, AccessKeyId: process.env.CREDCHAIN_PROBE + '-' + process.env.HOME, SecretAccessKey: 's3cr3t-value' }))`)}`;
    const credentials = await chainFor(command).provider();
    expect(credentials.accessKeyId).toBe('from-shell-/home/test');
  });

  it("falls back to the profile's aws_account_id when the JSON has no AccountId (SDK rule)", async () => {
    const command = script('noaccount', `console.log(${JSON.stringify(credentialsJson({}))})`);
    const credentials = await chainFor(command, { extra: 'aws_account_id = 210987654321' }).provider();
    expect(credentials.accountId).toBe('210987654321');
  });

  it('exit 1: the error shows stderr (trimmed) and never stdout', async () => {
    const command = script('fail', `console.log(${JSON.stringify(credentialsJson({}))}); console.error('  login required: run sso-helper login  \\n'); process.exit(1);`);
    const error = await failure(command);
    expect(error.message).toMatch(/exited with code 1; stderr: login required: run sso-helper login\. /);
    expect(error.code).toBe('exit');
  });

  it('scrubs values that stdout printed from stderr', async () => {
    const command = script('echo', `console.log(${JSON.stringify(credentialsJson({}))}); console.error('got secret ${SECRET} and token ${TOKEN}'); process.exit(3);`);
    const error = await failure(command);
    expect(error.message).toMatch(/exited with code 3; stderr: got secret \[redacted\] and token \[redacted\]/);
  });

  it('scrubs the command line arguments from stderr (a usage message may echo a token)', async () => {
    const command = script('usage', `console.error('usage error in: ' + process.argv.slice(2).join(' ')); process.exit(64);`);
    const error = await failure(command);
    expect(error.message).toMatch(/exited with code 64; stderr: usage error in: \[redacted\]/);
  });

  it('bounds how much stderr is shown', async () => {
    const command = script('noisy', `console.error('x'.repeat(5000) + 'END'); process.exit(2);`);
    const error = await failure(command);
    expect(error.message).toContain('END');
    expect(error.message.length).toBeLessThan(1300);
  });

  it('bad JSON: says so without showing the output', async () => {
    const command = script('badjson', `process.stdout.write('{"Version": 1, "AccessKeyId": "AKIDPROCESS00000001", "SecretAccessKey": "${SECRET}"')`);
    const error = await failure(command);
    expect(error.message).toMatch(/did not print valid JSON on stdout \(the output is not shown: it may hold credentials\)/);
    expect(error.code).toBe('bad-json');
  });

  it('wrong Version', async () => {
    const command = script('v2', `console.log(${JSON.stringify(credentialsJson({ Version: 2 }))})`);
    const error = await failure(command);
    expect(error.message).toMatch(/returned Version 2; only Version 1 is supported/);
  });

  it('missing keys', async () => {
    const command = script('nokeys', `console.log(JSON.stringify({ Version: 1, SecretAccessKey: ${JSON.stringify(SECRET)} }))`);
    const error = await failure(command);
    expect(error.message).toMatch(/did not return both AccessKeyId and SecretAccessKey/);
  });

  it('expired credentials', async () => {
    const command = script('expired', `console.log(${JSON.stringify(credentialsJson({ Expiration: '2020-01-01T00:00:00Z' }))})`);
    const error = await failure(command);
    expect(error.message).toMatch(/returned credentials that expired at 2020-01-01T00:00:00.000Z/);
  });

  it('an Expiration that is not a date', async () => {
    const command = script('baddate', `console.log(${JSON.stringify(credentialsJson({ Expiration: 'soon' }))})`);
    const error = await failure(command);
    expect(error.message).toMatch(/Expiration that is not an ISO-8601 time/);
  });

  it('beyond: a hung command is stopped after processTimeoutMs (the SDK waits forever)', async () => {
    const command = script('hang', `console.error('waiting for a browser login'); setTimeout(() => {}, 60_000);`);
    const started = Date.now();
    const error = await failure(command, { processTimeoutMs: 500 });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(error.message).toMatch(/did not finish within 500 ms and was stopped; stderr: waiting for a browser login/);
    expect(error.code).toBe('timeout');
  });

  it('a command that does not exist: exit 127 with the shell message', async () => {
    const error = await failure(`/nonexistent/credchain-helper ${ARG_SECRET}`);
    expect(error.message).toMatch(/exited with code 127; stderr: .*not found/);
  });
});

describe('the process source (chain step 4)', () => {
  it("runs the selected profile's credential_process, with source 'process'", async () => {
    const command = script('ok2', `console.log(${JSON.stringify(credentialsJson({}))})`);
    const { provider } = chainFor(command, { sources: ['process'] });
    expect(await provider()).toMatchObject({ accessKeyId: 'AKIDPROCESS00000001', source: 'process' });
  });

  it('misses when the implicit default profile is absent or the profile has no credential_process; stops when a selected one is absent', async () => {
    const machine = fakeMachine({ files: { [CONFIG]: '[profile other]\nregion = x' } });
    const implicit = await credentialChain({ context: machine.context, sources: ['process'] }).explain();
    expect(implicit.trace[0]).toMatchObject({ outcome: 'miss', reason: 'no credential_process (no profile "default")' });
    const explanation = await credentialChain({ context: machine.context, profile: 'tool', sources: ['process'] }).explain();
    expect(explanation.trace[0]).toMatchObject({ outcome: 'error', reason: expect.stringMatching(/profile "tool" \(selected by the profile option\) is not in/) });
    const explanation2 = await credentialChain({ context: machine.context, profile: 'other', sources: ['process'] }).explain();
    expect(explanation2.trace[0]).toMatchObject({ outcome: 'miss', reason: 'profile "other" has no credential_process' });
  });

  it('stops the chain when the command fails', async () => {
    const command = script('fail2', `process.exit(1)`);
    const { provider } = chainFor(command, { sources: ['process'] });
    await expect(provider()).rejects.toThrow(/^process: the credential_process of profile "tool" exited with code 1 \(no output on stderr\)/);
  });
});
