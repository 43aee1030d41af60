// What a credential_process run may reveal and must not (docs/behaviour.md, "credential_process"):
// the values on its command line — a `VAULT_TOKEN=…` before it, `--token=…`, the argument after a
// flag, a password inside a URL, anything shaped like a key or token — and the credentials it
// printed on stdout. scrubCommandOutput() is the one way its stderr (or any echo of the command)
// reaches a message.

import { redact } from './errors.js';

/** Shorter pieces of a command line are left alone (flags, `-c`, `prod`); a value after a secret-named flag counts from redact()'s floor of 4. */
const MIN_PIECE = 6;
const SECRET_FLAG = /token|secret|pass|pwd|key|auth|cred|cookie|session|otp|pin/i;
/** An option name: `--lower-case-words`, `-x`, or a short cluster such as `-xvf`. Anything else that starts with `-` may be a value. */
const FLAG = /^(?:--[a-z][a-z0-9-]*|-[A-Za-z]|-[a-z]{2,4})$/;
const ASSIGNMENT = /^([A-Za-z_]\w*)=(.*)$/s;
/** Key- and token-shaped runs inside a word: base64 (+ / =), base64url, hex, JWT dots; anything else separates them. */
const TOKEN_RUN = /[A-Za-z0-9+/=._~%-]+/g;
/** The user information of a URL (`https://user:password@host`), which may hold any character but `@`-free host syntax. */
const URL_USERINFO = /[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#\s]*)@/g;

/**
 * `text` (a command's stderr, or anything that may echo its command line) with every value of the
 * command line and every secret of its stdout replaced by `[redacted]`.
 */
export function scrubCommandOutput(text: string, command: string, stdout: string): string {
  const secrets = [...new Set([...commandLineSecrets(command), ...stdoutSecrets(stdout)])];
  // Longest first: a secret that holds another is replaced whole, not cut into visible halves.
  return redact(text, secrets.sort((a, b) => b.length - a.length));
}

/** Every value a command line may carry a secret in (see the file comment). The program itself is not one. */
export function commandLineSecrets(command: string): string[] {
  const words = shellWords(command);
  const found: string[] = [];
  const add = (value: string, floor = MIN_PIECE) => {
    if (value.length >= floor) found.push(value);
    for (const [run] of value.matchAll(TOKEN_RUN)) if (run.length >= MIN_PIECE) found.push(run);
    for (const [, userInfo] of value.matchAll(URL_USERINFO)) {
      const password = userInfo!.slice(userInfo!.indexOf(':') + 1);
      for (const part of [userInfo!, password]) if (part.length >= 4) found.push(part);
    }
  };
  let index = 0;
  // `NAME=value program …`: the values of the assignments before the program.
  for (; index < words.length && ASSIGNMENT.test(words[index]!); index++) {
    const [, name, value] = ASSIGNMENT.exec(words[index]!)!;
    add(value!, SECRET_FLAG.test(name!) ? 4 : MIN_PIECE);
  }
  let afterFlag: string | undefined;
  for (const word of words.slice(index + 1)) {
    // A flag name is not a secret; but one right after another flag may be that flag's value (`-t -x7Abc…`).
    if (FLAG.test(word)) {
      if (afterFlag !== undefined) add(word, SECRET_FLAG.test(afterFlag) ? 4 : MIN_PIECE);
      afterFlag = word;
      continue;
    }
    const equals = word.indexOf('=');
    if (equals > 0) add(word.slice(equals + 1), SECRET_FLAG.test(word.slice(0, equals)) ? 4 : MIN_PIECE);
    add(word, afterFlag !== undefined && SECRET_FLAG.test(afterFlag) ? 4 : MIN_PIECE);
    afterFlag = undefined;
  }
  return found;
}

/**
 * What must not leak from stdout: the string values of its JSON when it parses; when it does not
 * (cut short by a timeout or a crash, a log line before it), every key-like run of 16+ characters —
 * a `set -x` trace on stderr may echo the same secret.
 */
export function stdoutSecrets(stdout: string): string[] {
  // Any JSON with string values (an array too): all of them must stay out of messages.
  try {
    const data = JSON.parse(stdout.trim()) as unknown;
    if (typeof data !== 'object' || data === null) return [];
    return Object.values(data).filter((value): value is string => typeof value === 'string');
  } catch {
    return stdout.split(/[^\w+/=.:~-]+/).filter((run) => run.length >= 16);
  }
}

/**
 * The words of a command line as a POSIX shell (or cmd.exe, for its double quotes) splits them:
 * whitespace outside quotes separates; '…' is literal; "…" and a backslash outside quotes escape.
 * Expansions are not performed: their text is kept as written.
 */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let started = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < command.length && '"\\$`'.includes(command[i + 1]!)) word += command[++i];
      else word += c;
    } else if (/\s/.test(c)) {
      if (started) words.push(word);
      word = '';
      started = false;
    } else {
      started = true;
      if (c === "'" || c === '"') quote = c;
      else if (c === '\\' && i + 1 < command.length) word += command[++i];
      else word += c;
    }
  }
  if (started) words.push(word);
  return words;
}
