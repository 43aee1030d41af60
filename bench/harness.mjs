// The plumbing the bench's parts share: where things are, the loopback emulator, a temp HOME per
// scenario with its child environment, spawning a child with exactly that env, and checking that a
// child got exactly the credentials its scenario expects without printing a secret.

import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BENCH_SECRETS, childEnv, emulatorScenario } from './scenarios.mjs';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const COLD_CHILD = fileURLToPath(new URL('./child.mjs', import.meta.url));
export const TRACE_CHILD = fileURLToPath(new URL('./trace-child.mjs', import.meta.url));
export const FLOOR_CHILD = fileURLToPath(new URL('./floor-child.mjs', import.meta.url));
export const IN_PROCESS_CHILD = fileURLToPath(new URL('./in-process-child.mjs', import.meta.url));
export const CREDCHAIN_URL = pathToFileURL(join(root, 'dist/index.js')).href;
const EMULATOR_PATH = join(root, 'dist/emulator/index.js');
const CHILD_TIMEOUT_MS = 60_000;

export const progress = (line) => process.stderr.write(`${line}\n`);

/**
 * Runs `node [nodeArgs] script ...args` with exactly `env`. Wall time is spawn → exit as the parent
 * sees it; `result` is the last stdout line parsed as JSON (undefined if it is not JSON).
 */
export function spawnNode(script, scriptArgs, { env, cwd, nodeArgs = [], timeoutMs = CHILD_TIMEOUT_MS }) {
  return new Promise((resolve) => {
    const started = performance.now();
    let exitedAt;
    let stdout = '';
    let stderr = '';
    const child = spawn(process.execPath, [...nodeArgs, script, ...scriptArgs], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', () => (exitedAt = performance.now()));
    child.on('error', (error) => (stderr += `spawn failed: ${error.message}`));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let result;
      try {
        result = JSON.parse(stdout.trim().split('\n').pop());
      } catch {
        result = undefined;
      }
      resolve({ code, signal, stdout, stderr, result, wallMs: (exitedAt ?? performance.now()) - started });
    });
  });
}

/** The emulator from dist/, started with the bench scenario; undefined when it is not built. */
export async function startEmulatorIfBuilt() {
  let module;
  try {
    module = await import(pathToFileURL(EMULATOR_PATH).href);
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    progress('emulator not built (dist/emulator/index.js): scenarios that need it are skipped');
    return undefined;
  }
  return module.startEmulator({ scenario: emulatorScenario() });
}

/** A loopback URL where nothing listens (a port that was free a moment ago): connections are refused. */
export async function closedLoopbackUrl() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

async function writeHomeFiles(home, files) {
  for (const [relative, contents] of Object.entries(files)) {
    const path = join(home, relative);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, contents, { mode: 0o600 });
  }
}

/**
 * A temp HOME with the scenario's files, the child env and what a correct answer is. `machine`
 * holds `emulator` (or undefined) and `closedUrl`. The caller removes `home` when done.
 */
export async function prepare(scenario, machine) {
  const home = await mkdtemp(join(os.tmpdir(), `credchain-bench-${scenario.id}-`));
  const paths = { home, emulatorUrl: machine.emulator?.url, closedUrl: machine.closedUrl };
  const { env, files, expect } = scenario.setup({ ...paths, now: Date.now() });
  await writeHomeFiles(home, files);
  return { home, env: childEnv(scenario, env, paths), expect };
}

/** Every secret a child could leak: the bench's own and, for emulator credentials, the issued ones. */
export function secretsFor(emulator, accessKeyIds) {
  const secrets = Object.entries(BENCH_SECRETS)
    .filter(([name]) => !name.endsWith('KeyId'))
    .map(([, value]) => value);
  for (const keyId of accessKeyIds) {
    const issued = keyId && emulator?.issued(keyId);
    if (issued?.secretAccessKey) secrets.push(issued.secretAccessKey);
    if (issued?.sessionToken) secrets.push(issued.sessionToken);
  }
  return secrets;
}

/**
 * Why a child's run does not count (undefined = it got exactly what the scenario expects).
 * `expect.secrets` lists secrets of the scenario's own files that must not be printed either.
 */
export function problemWith(run, expect, emulator) {
  const { result } = run;
  const printed = run.stdout + run.stderr;
  if ([...secretsFor(emulator, [result?.accessKeyId]), ...(expect.secrets ?? [])].some((secret) => printed.includes(secret))) return 'printed a secret';
  if (run.code !== 0 || !result) {
    return `exited with ${run.signal ?? `code ${run.code}`}: ${run.stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 400)}`;
  }
  if (expect.fail) return result.ok ? `expected no credentials, got ${result.accessKeyId}` : undefined;
  if (!result.ok) return `no credentials: ${result.error}`;
  if (expect.accessKeyId && result.accessKeyId !== expect.accessKeyId) return `got key ${result.accessKeyId}, expected ${expect.accessKeyId}`;
  if (expect.issuedBy) {
    const issuedBy = emulator?.issued(result.accessKeyId)?.issuedBy;
    if (issuedBy !== expect.issuedBy) return `got key ${result.accessKeyId} issued by ${issuedBy ?? 'nobody the emulator knows'}, expected ${expect.issuedBy}`;
  }
  return undefined;
}
