// Reading a file that a setting names (a token file, the shared config, an SSO token cache): the one
// place that turns "cannot be read" and "does not exist" into a broken SourceError that names the
// file and the setting, with the error code and never a byte of the file.

import type { Context } from './context.js';
import { SourceError } from './errors.js';

export interface NamedFile {
  path: string;
  /** The file as messages name it, with what named it: `the token file /t (AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE)`. */
  what: string;
  /** What to do when it cannot be read. */
  unreadableFix: string;
  /** A machine-readable code for an unreadable file. */
  code?: string;
}

/** The file's text, or undefined when there is no such file; an unreadable file is broken. */
export async function readNamedFile(context: Pick<Context, 'readFile'>, file: NamedFile): Promise<string | undefined> {
  try {
    return await context.readFile(file.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    throw SourceError.broken(`${file.what} cannot be read (${code ?? 'read error'})`, {
      fix: file.unreadableFix,
      cause: error,
      ...(file.code ? { code: file.code } : {}),
    });
  }
}

/** As readNamedFile, but a missing file is broken too. */
export async function readRequiredFile(context: Pick<Context, 'readFile'>, file: NamedFile & { missingFix: string }): Promise<string> {
  const text = await readNamedFile(context, file);
  if (text === undefined) throw SourceError.broken(`${file.what} does not exist`, { fix: file.missingFix });
  return text;
}
