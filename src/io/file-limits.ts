// How large a file credchain reads may be, the error for one it will not read (not a regular file,
// too large), and the one sentence that says why a read failed — shared by every reader.

import { outsideText } from '../outside-text.js';

/** The shared config and credentials files: far above any real one (20,000 profiles of 200 bytes). */
export const CONFIG_FILE_MAX_BYTES = 4 * 1024 * 1024;
/** A token file (web identity, container authorization): STS accepts web identity tokens of at most 20,000 characters. */
export const TOKEN_FILE_MAX_BYTES = 64 * 1024;
/** Any other file (SSO and login token caches). */
export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

/** How readers name a directory (FileRefusedError's `what`). */
export const DIRECTORY = 'a directory';

/** The file exists but is not read: a FIFO, device or directory (it could block or never end), or too large. */
export class FileRefusedError extends Error {
  override readonly name = 'FileRefusedError';
  readonly code: 'ENOTREG' | 'EFBIG';
  /** The path names a directory (most likely the folder of the file meant). */
  readonly isDirectory: boolean;
  constructor(
    readonly reason: 'not-regular' | 'too-large',
    readonly path: string,
    readonly maxBytes: number,
    what = 'not a regular file',
  ) {
    // A directory is said as it is: "not a regular file" would hide the likely slip (the folder named instead of the file in it).
    super(reason === 'too-large' ? `it is larger than ${formatBytes(maxBytes)}` : what === DIRECTORY ? `it is a directory` : `it is ${what}, not a regular file`);
    this.code = reason === 'not-regular' ? 'ENOTREG' : 'EFBIG';
    this.isDirectory = reason === 'not-regular' && what === DIRECTORY;
  }
}

/** 4194304 → "4 MiB", 65536 → "64 KiB". */
function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/**
 * Why a read failed, to append to "cannot read the file X": `: it is a FIFO (named pipe), not a
 * regular file`, `: it is larger than 4 MiB`, ` (EACCES)`. Never the error's own message (it may be long).
 */
export function readFailureSuffix(error: unknown): string {
  if (error instanceof FileRefusedError) return `: ${error.message}`;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) return ` (${code})`;
  return error instanceof Error && error.message ? `: ${outsideText(error.message, 200)}` : ' (a read error)';
}

/**
 * The fix for a file that could not be read: `otherwise` for an ordinary failure (permissions…); for
 * a refused file, what credchain reads and `alternative` (e.g. "set AWS_CONFIG_FILE to another file").
 */
export function readFailureFix(error: unknown, otherwise: string, alternative: string): string {
  if (!(error instanceof FileRefusedError)) return otherwise;
  if (error.isDirectory) return `Name the file itself, not a directory (the file meant may be inside ${error.path}), or ${alternative}`;
  return error.reason === 'too-large'
    ? `Only files of at most ${formatBytes(error.maxBytes)} are read here: check that it is the right file, or ${alternative}`
    : `Only regular files are read (a FIFO or a device could block or never end): replace it with a regular file, or ${alternative}`;
}
