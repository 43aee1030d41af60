// What a credential_process run may reveal and must not (docs/behaviour.md, "credential_process"):
// the values on its command line — a `VAULT_TOKEN=…` before it, `--token=…`, the argument after a
// flag, a password inside a URL, anything shaped like a key or token — and the credentials it
// printed on stdout. scrubCommandOutput() is the one way its stderr (or any echo of the command)
// reaches a message.

import { redact } from './errors.js';

/** Shorter pieces of a command line are left alone (flags, `-c`, `prod`); a value after a secret-named flag counts from redact()'s floor of 4. */
const MIN_PIECE = 6;
/** A name whose last part is one of these (`--token`, `--api-key`, `VAULT_TOKEN`, `db_password`) holds a secret; `--author` or `--key-file` does not. */
const SECRET_NAME_PARTS = new Set([
  'token', 'secret', 'password', 'passwd', 'pass', 'passphrase', 'pwd', 'key', 'apikey', 'auth', 'authorization',
  'cred', 'creds', 'credential', 'credentials', 'cookie', 'otp', 'pin', 'session', 'sessiontoken', 'pat',
]);
/** An option name: `--lower-case-words`, `-x`, or a short cluster such as `-xvf`. Anything else that starts with `-` may be a value. */
const FLAG = /^(?:--[a-z][a-z0-9-]*|-[A-Za-z]|-[a-z]{2,4})$/;
const ASSIGNMENT = /^([A-Za-z_]\w*)=(.*)$/s;
/** Key- and token-shaped runs inside a word: base64 (+ / =), base64url, hex, JWT dots; anything else separates them. */
const TOKEN_RUN = /[A-Za-z0-9+/=._~%-]+/g;
/**
 * The user information of a URL (`https://user:password@host`, `https://token@host`): a password as
 * people write it, unescaped `/` and `@` included, runs to the last `@` of the word.
 */
const URL_USERINFO = /[A-Za-z][A-Za-z0-9+.-]*:\/\/([^\s/?#@:]*:\S*|[^\s/?#@:]+)@/g;
/** A query parameter (`?token=S&x=y`): its value, when its name is a secret's. */
const QUERY_PARAMETER = /[?&]([\w.-]+)=([^&#\s]*)/g;
/** A header (`Authorization: Bearer S`, `X-Api-Key: S`): its value, and the credentials after an auth scheme. */
const HEADER = /^([A-Za-z][\w-]*):\s*(?:(?:Bearer|Basic|Token|Digest|Negotiate)\s+)?(.+)$/is;
/** Shells whose `-c SCRIPT` runs a command line of its own: the script is read as one. */
const SHELLS = /(?:^|\/)(?:sh|bash|dash|zsh|ksh|ash)$/;
/** Words that run the command after them (`exec helper`, `env X=1 helper`): the program is the next word. */
const RUNNERS = new Set(['exec', 'env', 'command', 'nohup', 'time']);

/**
 * A value that reads as plain words, not a secret: a lower-case name (`us-east-1`, `production`,
 * `json`), a number or version, an ARN, a URL with neither user information nor query, a path.
 * Only the values of options and variables whose names are not a secret's may be plain: a
 * positional word, or the value of a one-letter option (`-t S`), is masked whatever it looks like.
 */
function isPlain(value: string): boolean {
  return (
    (/^[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*$/.test(value) && value.length < 24) ||
    /^v?\d+(?:\.\d+)*$/.test(value) ||
    /^arn:aws[\w-]*:[\w-]*:[\w-]*:\d{0,12}:[\w+=,.@/:-]+$/.test(value) ||
    /^https?:\/\/[^@?#\s]+$/.test(value) ||
    /^~?\/[\w./-]*$/.test(value)
  );
}

/** A run inside a word that is shaped like key material: 16+ characters with letters and digits. Names and words never are. */
function isKeyShaped(run: string): boolean {
  return run.length >= 16 && /\d/.test(run) && /[A-Za-z]/.test(run);
}

/** Whether a variable or option name says its value is a secret (its last part, split at - _ and camelCase). */
function isSecretName(name: string): boolean {
  const parts = name.replace(/^-+/, '').replace(/([a-z\d])([A-Z])/g, '$1_$2').toLowerCase().split(/[-_.]+/).filter(Boolean);
  return parts.length > 0 && SECRET_NAME_PARTS.has(parts.at(-1)!);
}

/**
 * `text` (a command's stderr, or anything that may echo its command line) with every value of the
 * command line that may be a secret and every secret of its stdout replaced by `[redacted]`; program
 * and option names, and the plain values of options not named for a secret, stay readable.
 */
export function scrubCommandOutput(text: string, command: string, stdout: string): string {
  const secrets = [...new Set([...commandLineSecrets(command), ...stdoutSecrets(stdout)])];
  // Longest first: a secret that holds another is replaced whole, not cut into visible halves.
  return redact(text, secrets.sort((a, b) => b.length - a.length));
}

/** Every value a command line may carry a secret in (see the file comment). The program itself is not one. */
export function commandLineSecrets(command: string): string[] {
  const found: string[] = [];
  secretsOfWords(shellWords(command), found, 0);
  return found;
}

/** How deep `sh -c '… sh -c …'` is followed. */
const MAX_SCRIPT_DEPTH = 3;

function secretsOfWords(words: readonly string[], found: string[], depth: number): void {
  /** A value: whole (from `floor` characters), and the secrets inside it (URL password, header value, query, key-shaped runs). */
  const add = (value: string, floor: number) => {
    if (value.length >= floor) found.push(value);
    for (const [run] of value.matchAll(TOKEN_RUN)) if (isKeyShaped(run)) found.push(run);
    for (const [, userInfo] of value.matchAll(URL_USERINFO)) {
      const password = userInfo!.slice(userInfo!.indexOf(':') + 1);
      for (const part of [userInfo!, password]) if (part.length >= 4) found.push(part);
    }
    for (const [, name, parameter] of value.matchAll(QUERY_PARAMETER)) if (isSecretName(name!) && parameter!.length >= 4) found.push(parameter!);
    const header = value.includes('://') ? null : HEADER.exec(value);
    const headerValue = header?.[2]!.trim();
    if (headerValue !== undefined && headerValue.length >= 4) found.push(headerValue);
  };
  /** A value named by `name` (an option or variable): a secret's name lowers the floor; another name lets a plain value through. */
  const addNamed = (value: string, name: string, short: boolean) => {
    if (isSecretName(name)) add(value, 4);
    else if (short || !isPlain(value)) add(value, MIN_PIECE);
  };

  let index = 0;
  // `NAME=value program …`: the values of the assignments before the program.
  for (; index < words.length && ASSIGNMENT.test(words[index]!); index++) {
    const [, name, value] = ASSIGNMENT.exec(words[index]!)!;
    addNamed(value!, name!, false);
  }
  while (index < words.length && RUNNERS.has(words[index]!.replace(/^.*\//, ''))) {
    index++;
    for (; index < words.length && ASSIGNMENT.test(words[index]!); index++) {
      const [, name, value] = ASSIGNMENT.exec(words[index]!)!;
      addNamed(value!, name!, false);
    }
  }
  const program = words[index] ?? '';
  let afterFlag: string | undefined;
  for (const word of words.slice(index + 1)) {
    const short = afterFlag !== undefined && !afterFlag.startsWith('--');
    // `sh -c 'SCRIPT'` (or -lc, -ec): the script is a command line; its own program and option names are no secrets.
    if (afterFlag !== undefined && /^-[a-z]*c$/.test(afterFlag) && SHELLS.test(program) && depth < MAX_SCRIPT_DEPTH) {
      add(word, MIN_PIECE);
      secretsOfWords(shellWords(word), found, depth + 1);
      afterFlag = undefined;
      continue;
    }
    // A flag name is not a secret; but one right after another flag may be that flag's value (`-t -x7Abc…`).
    if (FLAG.test(word)) {
      if (afterFlag !== undefined) addNamed(word, afterFlag, short);
      afterFlag = word;
      continue;
    }
    const equals = word.indexOf('=');
    const option = word.startsWith('--') && equals > 0 && FLAG.test(word.slice(0, equals));
    // After a flag, the word is judged as that flag's value first, whatever it looks like.
    if (afterFlag !== undefined) addNamed(word, afterFlag, short);
    if (option) addNamed(word.slice(equals + 1), word.slice(0, equals), false);
    else if (afterFlag === undefined) {
      // A positional word may be anything, a secret included; `name=value` in it is judged by its name as well.
      if (equals > 0) addNamed(word.slice(equals + 1), word.slice(0, equals), false);
      add(word, MIN_PIECE);
    }
    afterFlag = undefined;
  }
}

/** Keys of a credential_process reply that are no secret: its format version and when it expires. */
const PLAIN_REPLY_KEYS = new Set(['Version', 'Expiration']);

/**
 * What must not leak from stdout: the string values of its JSON (but Version and Expiration), read
 * leniently when the JSON was cut short (a timeout, a crash); when it is no JSON at all (a log line
 * before it), every key-like run of 16+ characters that is not a plain name or path — a `set -x`
 * trace on stderr may echo the same secret.
 */
export function stdoutSecrets(stdout: string): string[] {
  const text = stdout.trim();
  // Any JSON with string values (an array too): all of them must stay out of messages.
  try {
    const data = JSON.parse(text) as unknown;
    if (typeof data !== 'object' || data === null) return [];
    return Object.entries(data)
      .filter(([key, value]) => typeof value === 'string' && !PLAIN_REPLY_KEYS.has(key))
      .map(([, value]) => value as string);
  } catch {
    if (text.startsWith('{')) {
      // Cut short: every "Key": "value so far, the last one without its closing quote.
      return [...text.matchAll(/"([^"\\]*)"\s*:\s*"((?:[^"\\]|\\.)*)(?:"|$)/g)]
        .filter(([, key]) => !PLAIN_REPLY_KEYS.has(key!))
        .map(([, , value]) => value!)
        .filter((value) => value.length >= 4);
    }
    return text.split(/[^\w+/=.:~-]+/).filter((run) => run.length >= 16 && !/^[a-z][a-z_.-]*$/.test(run) && !/^~?\/[\w./-]*$/.test(run));
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
