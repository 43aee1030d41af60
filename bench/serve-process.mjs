// `credchain serve --json` as a child process, for the serve bench and the serve demo: waits for its
// JSON (url, env, token file…), keeps its request log, and stops it with a signal.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

/** Starts `credchain serve --json ...args` with exactly `env`; resolves once it is serving. */
export function startServeProcess(args, env) {
  const child = spawn(process.execPath, [CLI, 'serve', '--json', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const exit = new Promise((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const check = () => {
      let info;
      try {
        info = JSON.parse(stdout);
      } catch {
        return;
      }
      child.stdout.off('data', check);
      resolve({
        info,
        stderr: () => stderr,
        async stop(signal = 'SIGTERM') {
          child.kill(signal);
          return exit;
        },
      });
    };
    child.stdout.on('data', check);
    void exit.then((code) => reject(new Error(`credchain serve exited (${code}) before serving: ${stderr.trim()}`)));
  });
}
