// The serve demo: the loopback emulator plays STS, `credchain serve --profile app` resolves once, and
// several cold processes running the AWS SDK for JavaScript's own fromNodeProviderChain() — given only
// the two served variables — all get the same session. The emulator's log shows one upstream call.
// Needs dist/ (npm run demo:serve builds it) and the devDependency @aws-sdk/credential-providers.
//
//   npm run demo:serve            # or: node scripts/demo-serve.mjs --clients 5

import { stat, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { COLD_CHILD, root, spawnNode } from '../bench/harness.mjs';
import { startServeProcess } from '../bench/serve-process.mjs';

const { values: args } = parseArgs({ options: { clients: { type: 'string', default: '5' } } });
const clients = Number(args.clients);
if (!Number.isInteger(clients) || clients < 1 || clients > 100) throw new Error('--clients must be 1 to 100');

const { startEmulator, maskKeyId } = await import(new URL('../dist/emulator/index.js', import.meta.url).href);
const say = (text = '') => process.stdout.write(`${text}\n`);

const emulator = await startEmulator({ scenario: { name: 'serve-demo' } });
const home = await mkdtemp(join(os.tmpdir(), 'credchain-serve-demo-'));
let ok = false;
try {
  const user = Object.values(emulator.scenario.users)[0];
  const role = emulator.scenario.roles['app-role'].arn;
  await mkdir(join(home, '.aws'));
  await writeFile(join(home, '.aws/config'), `[profile app]\nrole_arn = ${role}\nsource_profile = base\n`, { mode: 0o600 });
  await writeFile(join(home, '.aws/credentials'), emulator.credentialsProfile('base'), { mode: 0o600 });
  const machine = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_STS: emulator.url, AWS_EC2_METADATA_DISABLED: 'true' };

  say('credchain serve demo — the loopback emulator plays STS; nothing leaves this machine.');
  say(`~/.aws: profile "app" assumes ${role} with the static keys of profile "base" (user ${user.name}).`);
  say();
  say('$ credchain serve --profile app');
  const serve = await startServeProcess(['--profile', 'app'], machine);
  const { info } = serve;
  const tokenMode = ((await stat(info.tokenFile)).mode & 0o777).toString(8);
  say(`  serving ${info.accessKeyId} (from ${info.source}, expires ${info.expiration}) on ${info.url}`);
  say(`  AWS_CONTAINER_CREDENTIALS_FULL_URI=${info.env.AWS_CONTAINER_CREDENTIALS_FULL_URI}`);
  say(`  AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=${info.env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE}  (mode ${tokenMode}; the token is never printed)`);
  say();
  say(`${clients} cold Node processes at once, each running the AWS SDK's fromNodeProviderChain() with only those two variables:`);
  const clientEnv = { PATH: machine.PATH, HOME: '/nonexistent/credchain-demo-home', AWS_EC2_METADATA_DISABLED: 'true', ...info.env };
  const runs = await Promise.all(Array.from({ length: clients }, () => spawnNode(COLD_CHILD, ['sdk', ''], { env: clientEnv, cwd: root })));
  runs.forEach((run, i) => {
    const result = run.result;
    say(`  process ${i + 1}: ${result?.ok ? `key ${maskKeyId(result.accessKeyId)} in ${result.resolveMs.toFixed(0)} ms` : `FAILED: ${result?.error ?? run.stderr.trim().split('\n').at(-1)}`}`);
  });
  const keys = new Set(runs.map((run) => run.result?.accessKeyId));
  const upstream = emulator.requests;
  say();
  say(`Distinct keys: ${keys.size}. The emulator saw ${upstream.length} request${upstream.length === 1 ? '' : 's'} in all:`);
  for (const entry of upstream) say(`  ${entry.method} ${entry.path} → ${entry.status}  (${entry.route})`);
  const code = await serve.stop('SIGINT');
  let removed = false;
  await stat(info.tokenFile).catch(() => (removed = true));
  say();
  say(`credchain serve's log (stderr), then Ctrl-C (exit ${code}; token file ${removed ? 'removed' : 'STILL THERE'}):`);
  for (const line of serve.stderr().trimEnd().split('\n')) say(`  ${line}`);
  const [key] = keys;
  ok = keys.size === 1 && runs.every((run) => run.result?.ok) && upstream.length === 1 && upstream[0].route === 'sts:AssumeRole' && emulator.issued(key)?.issuedBy === 'sts:AssumeRole' && code === 0 && removed;
  say();
  say(ok ? `One upstream call for ${clients} processes.` : 'The demo did not end as expected.');
} finally {
  await emulator.close();
  await rm(home, { recursive: true, force: true });
}
process.exitCode = ok ? 0 : 1;
