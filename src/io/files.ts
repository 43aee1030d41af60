// The real file system behind Context.readFile / writeFileAtomic. Reads are bounded: only a regular
// file is read (a FIFO or a device would block or never end), and at most `maxBytes` of it.

import { FileRefusedError, DEFAULT_MAX_FILE_BYTES, DIRECTORY } from './file-limits.js';

// Built-ins through process.getBuiltinModule, not `import`: this module ships inside dist/index.js,
// and each `import … from 'node:…'` there costs ~0.5 ms at `import 'credchain'` (bench/README.md).
// Reads go through node:fs's callback API: node:fs is loaded before any user code runs, while the
// first use of node:fs/promises loads a dozen more built-ins (~1 ms on a cold start that reads one token
// file or only stats ~/.aws). Writes (an SSO or login token refresh) keep fs/promises.
const fs = () => process.getBuiltinModule('node:fs/promises');
const paths = () => process.getBuiltinModule('node:path');
const nodeFs = () => process.getBuiltinModule('node:fs');

/** One node:fs callback call as a promise. */
function call<T>(start: (callback: (error: NodeJS.ErrnoException | null, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value))));
}

/**
 * UTF-8 contents, or undefined when nothing is there (ENOENT, or a path through a non-directory).
 * Throws FileRefusedError for anything but a regular file, or one larger than `maxBytes`.
 */
export async function readTextFile(path: string, maxBytes = DEFAULT_MAX_FILE_BYTES): Promise<string | undefined> {
  const fsc = nodeFs();
  const { O_RDONLY, O_NONBLOCK = 0 } = fsc.constants;
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one (no
    // effect on a regular file). The type is then checked on the open descriptor, so a file swapped
    // between a check and the open cannot slip through.
    fd = await call<number>((done) => fsc.open(path, O_RDONLY | O_NONBLOCK, done));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
  try {
    const stats = await call<import('node:fs').Stats>((done) => fsc.fstat(fd, done));
    if (!stats.isFile()) throw new FileRefusedError('not-regular', path, maxBytes, kindOf(stats));
    if (stats.size > maxBytes) throw new FileRefusedError('too-large', path, maxBytes);
    // One byte more than allowed: a file that grew since stat() is caught too.
    const buffer = Buffer.allocUnsafe(Math.min(stats.size, maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const bytesRead = await call<number>((done) => fsc.read(fd, buffer, length, buffer.length - length, length, done));
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) throw new FileRefusedError('too-large', path, maxBytes);
    return buffer.toString('utf8', 0, length);
  } finally {
    await call<void>((done) => fsc.close(fd, (error) => done(error, undefined))).catch(() => undefined);
  }
}

/**
 * True when nothing is at `path` (what readTextFile answers with undefined): one stat, no open. Any
 * other outcome (a file, a directory, a permission error) is for readTextFile to read or report.
 */
export async function isAbsent(path: string): Promise<boolean> {
  const fsc = nodeFs();
  try {
    await call((done) => fsc.stat(path, done));
    return false;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR';
  }
}

function kindOf(stats: import('node:fs').Stats): string {
  if (stats.isDirectory()) return DIRECTORY;
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

// Temp files are named `.<name>.<12 hex>.tmp`; one older than this was left by a killed writer.
const STALE_TEMP_MS = 60_000;

/** Temp file in the same directory, then rename: a reader sees the old file or the new one, never half. */
export async function writeFileAtomic(path: string, contents: string, mode = 0o600): Promise<void> {
  const { mkdir, writeFile, rename, unlink } = fs();
  const { dirname, join, basename } = paths();
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await removeStaleTempFiles(dirname(path), basename(path));
  // Loaded here, not at the top: node:crypto costs ~5 ms to load, and every cold start reads files
  // (config, token files) while only an SSO token refresh writes one.
  const { randomBytes } = await import('node:crypto');
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, contents, { mode, flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/**
 * A writer killed between its write and its rename leaves a temp file (holding tokens, for the SSO
 * cache). Only credchain's own names for this target are removed, and only old ones: a fresh one
 * may belong to a writer in another process that is about to rename it.
 */
async function removeStaleTempFiles(directory: string, name: string): Promise<void> {
  const { readdir, lstat, unlink } = fs();
  const { join } = paths();
  const prefix = `.${name}.`;
  let entries: string[];
  try {
    entries = await readdir(directory);
  } catch {
    return;
  }
  const now = Date.now();
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !/^[0-9a-f]{12}\.tmp$/.test(entry.slice(prefix.length))) continue;
    const temp = join(directory, entry);
    const stats = await lstat(temp).catch(() => undefined);
    if (stats?.isFile() && now - stats.mtimeMs > STALE_TEMP_MS) await unlink(temp).catch(() => undefined);
  }
}
