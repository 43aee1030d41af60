// Context: the one door through which credchain touches the machine — environment, files, HTTP,
// clock, timers, child processes, home directory and logging. Nothing else reads process.env, fs,
// Date.now() or the network, so a test (or a caller) can run the whole chain on a synthetic machine.

export interface Logger {
  debug?(message: string): void;
  info?(message: string): void;
  warn?(message: string): void;
  error?(message: string): void;
}

export type { CommandResult, HttpRequest, HttpResponse, ReadFileOptions, RetryAttempt, RunCommandOptions } from './io/types.js';
import type { CommandResult, HttpRequest, HttpResponse, ReadFileOptions, RunCommandOptions } from './io/types.js';

export interface Context {
  /** The environment, as a plain record. */
  env: Record<string, string | undefined>;
  /**
   * File contents as UTF-8; `undefined` when the file does not exist. Throws when it exists but cannot
   * be read — and (the real adapter) without reading when it is not a regular file (a FIFO, a device)
   * or is larger than `maxBytes` (default 1 MiB): see io/file-limits.ts.
   */
  readFile(path: string, options?: ReadFileOptions): Promise<string | undefined>;
  /** Writes through a temporary file in the same directory and a rename, so readers never see half a file. */
  writeFileAtomic(path: string, contents: string, mode?: number): Promise<void>;
  /** One HTTP exchange. Redirects are never followed: a 3xx comes back as it is. */
  request(request: HttpRequest): Promise<HttpResponse>;
  /** Epoch milliseconds. */
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Runs a command line through the shell (for credential_process). */
  runCommand(command: string, options: RunCommandOptions): Promise<CommandResult>;
  /** The operating system's idea of home (the env rules HOME/USERPROFILE/… are applied by config/). */
  homedir(): string;
  /** 'win32', 'linux', … — decides path rules. */
  platform: string;
  logger: Logger;
  /**
   * A caller's deadline over everything done through this Context (the CLI's --timeout): no retry wait
   * is started that would end after it (retry.ts), and the retries end with what they had, saying so.
   * Absent: each call's own limits only.
   */
  deadline?: {
    /** When the caller stops waiting (epoch ms). */
    at: number;
    /** How a message names it: "the --timeout deadline (10000 ms)". */
    name: string;
  };
}

/** Context.deadline. Spelled out there, so the public declarations gain no name. */
export type Deadline = NonNullable<Context['deadline']>;

export type PartialContext = Partial<Context>;

/** Warnings go to stderr by default, as the AWS SDK's do; debug and info are silent. */
const consoleLogger: Logger = { warn: (message) => console.warn(message) };

/** The real file system's reader (one function for the whole process). */
const readRealFile: Context['readFile'] = (path, options) => import('./io/files.js').then((m) => m.readTextFile(path, options?.maxBytes));

/** The machine's real I/O. Node built-ins are loaded only when first used. */
export function defaultContext(): Context {
  return {
    env: process.env,
    readFile: readRealFile,
    writeFileAtomic: (path, contents, mode) => import('./io/files.js').then((m) => m.writeFileAtomic(path, contents, mode)),
    request: (request) => import('./io/http.js').then((m) => m.nodeRequest(request)),
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    runCommand: (command, options) => import('./io/command.js').then((m) => m.runShellCommand(command, options)),
    // Not a static import: importing node:os costs ~0.5 ms at `import 'credchain'` (bench/README.md).
    homedir: () => process.getBuiltinModule('node:os').homedir(),
    platform: process.platform,
    logger: consoleLogger,
  };
}

/** True when the context reads the real file system: the process-wide shared-config cache applies (config/load.ts). */
export function usesRealFileSystem(context: Pick<Context, 'readFile'>): boolean {
  return context.readFile === readRealFile;
}

/** Fills what a caller left out with the real machine; `logger` (the chain option) wins over the default. */
export function resolveContext(partial: PartialContext | undefined, logger?: Logger): Context {
  const merged: Context = { ...defaultContext(), ...definedOnly(partial ?? {}) };
  if (logger && !partial?.logger) merged.logger = logger;
  return merged;
}

/** A copy without the keys whose value is undefined (an option object spread over defaults). */
export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
