// Reading a file that a setting names (a token file, the shared config, an SSO token cache): the one
// place that turns "cannot be read" and "does not exist" into a broken CredentialsProviderError that names the
// file and the setting, says why (the error code, or "it is a FIFO", "it is larger than 64 KiB"),
// and never quotes a byte of the file. The read itself is bounded (src/io/file-limits.ts).

import type { Context } from './context.js';
import { broken, type CredentialsProviderError } from './errors.js';
import { DEFAULT_MAX_FILE_BYTES, readFailureFix, readFailureSuffix } from './io/file-limits.js';

export interface NamedFile {
  path: string;
  /** The file as messages name it, with what named it: `the token file /t (AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE)`. */
  what: string;
  /** What to do when it cannot be read. */
  unreadableFix: string;
  /** For a file that is refused (a FIFO, a device, too large): the other way out, e.g. `set AWS_CONFIG_FILE to another file`. */
  otherwise: string;
  /** The largest file read (default DEFAULT_MAX_FILE_BYTES). */
  maxBytes?: number;
  /** A machine-readable code for an unreadable file. */
  code?: string;
}

/** The file's text, or undefined when there is no such file; an unreadable or refused file is broken. */
export async function readNamedFile(context: Pick<Context, 'readFile'>, file: NamedFile): Promise<string | undefined> {
  try {
    return await context.readFile(file.path, { maxBytes: file.maxBytes ?? DEFAULT_MAX_FILE_BYTES });
  } catch (error) {
    throw broken(`${file.what} cannot be read${readFailureSuffix(error)}`, {
      fix: readFailureFix(error, file.unreadableFix, file.otherwise),
      cause: error,
      ...(file.code ? { code: file.code } : {}),
    });
  }
}

/** As readNamedFile, but a missing file is broken too. */
export async function readRequiredFile(context: Pick<Context, 'readFile'>, file: NamedFile & { missingFix: string }): Promise<string> {
  const text = await readNamedFile(context, file);
  if (text === undefined) throw broken(`${file.what} does not exist`, { fix: file.missingFix });
  return text;
}
