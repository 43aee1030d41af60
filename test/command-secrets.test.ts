// What a credential_process echoes on stderr is scrubbed of its command line's values (issue 23,
// finding 5): a generated secret, placed on the command line in any of the shapes people write
// (`--token=S`, `--token S`, `-t 'S'`, `VAULT_TOKEN=S helper`, a URL password, a header, inside
// `sh -c '…'`), never survives scrubCommandOutput(), wherever and however often the command
// repeats it. Pure: the fast lane; test/hardening/secret-audit.test.ts runs real commands.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandLineSecrets, scrubCommandOutput, shellWords } from '../src/command-secrets.js';
import { binaryString } from './support/binary-string.js';

const RUNS = 3000;
/**
 * Secrets as tokens and keys are written: base64 (+ / =), base64url, hex, Vault's `hvs.` prefix, JWT
 * dots — but not shaped exactly like an option name (`--lower-case-words`), which is taken for one.
 */
const token = fc.stringMatching(/^[A-Za-z0-9+/=._~-]{8,48}$/).filter((s) => !/^--[a-z][a-z0-9-]*$/.test(s));
/** Any printable ASCII but space: what a password may hold once quoted. */
const password = fc.stringMatching(/^[\x21-\x7e]{8,32}$/).filter((s) => !/^--[a-z][a-z0-9-]*$/.test(s));
const singleQuoted = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

const shapes: Array<[string, fc.Arbitrary<string>, (secret: string) => string]> = [
  ['--token=S', token, (s) => `vault-helper --token=${s}`],
  ['--token S', token, (s) => `vault-helper --region us-east-1 --token ${s} --json`],
  ["-t 'S' (any printable)", password, (s) => `/usr/local/bin/helper -t ${singleQuoted(s)}`],
  ['-t S, S looking like a flag', token.map((s) => `-x${s}`), (s) => `helper -v -t ${s}`],
  ["--password='S' (any printable)", password, (s) => `helper --password=${singleQuoted(s)}`],
  ['"--secret=S" (any printable)', password.filter((s) => !/["\\$`]/.test(s)), (s) => `helper "--secret=${s}"`],
  ['VAULT_TOKEN=S helper', token, (s) => `VAULT_TOKEN=${s} AWS_REGION=eu-west-1 helper get`],
  ['a positional argument', token, (s) => `helper fetch ${s}`],
  ['a URL password', token, (s) => `helper --url https://reader:${s}@vault.example:8200/v1`],
  ['a header', token, (s) => `helper --header ${singleQuoted(`Authorization: Bearer ${s}`)}`],
  ["inside sh -c '…'", token, (s) => `sh -c ${singleQuoted(`exec helper --token=${s} --profile dev`)}`],
];

/** Text around the echo: anything, including the secret's own characters. */
const around = binaryString({ maxLength: 30 });

describe('scrubCommandOutput: a command-line secret echoed on stderr never survives', () => {
  for (const [name, secret, build] of shapes) {
    it(name, () => {
      fc.assert(
        fc.property(secret, around, around, fc.integer({ min: 1, max: 3 }), (value, before, after, times) => {
          const command = build(value);
          const stderr = `${before}vault token ${Array(times).fill(value).join(' and ')} is expired${after}`;
          const scrubbed = scrubCommandOutput(stderr, command, '');
          expect(scrubbed).not.toContain(value);
          expect(scrubbed).toContain('[redacted]');
        }),
        { numRuns: RUNS / 10 },
      );
    });
  }

  it('the credentials printed on stdout are scrubbed too (JSON values; key-like runs of a cut-short output)', () => {
    fc.assert(
      fc.property(token.filter((t) => t.length >= 16), (secret) => {
        const json = JSON.stringify({ Version: 1, AccessKeyId: 'AKIAEXAMPLE', SecretAccessKey: secret });
        expect(scrubCommandOutput(`failed after printing ${secret}`, 'helper', json)).not.toContain(secret);
        expect(scrubCommandOutput(`+ echo ${secret}`, 'helper', json.slice(0, -2))).not.toContain(secret);
      }),
      { numRuns: RUNS / 10 },
    );
  });

  it('leaves the program, flag names and short words alone, so stderr still says what went wrong', () => {
    const command = '/usr/local/bin/vault-helper --profile dev --token=hvs.CAESIabcdefghijklmnop -v';
    expect(scrubCommandOutput('vault-helper: --profile dev: token hvs.CAESIabcdefghijklmnop expired (-v for more)', command, '')).toBe(
      'vault-helper: --profile dev: token [redacted] expired (-v for more)',
    );
    expect(commandLineSecrets(command)).not.toContain('--profile');
  });
});

describe('scrubCommandOutput is precise: innocuous text stays readable (counterexamples of an earlier, greedier scrubber)', () => {
  it.each([
    [
      'program, option names and plain option values inside sh -c; the header name and its scheme',
      `sh -c 'exec /opt/vault-helper --profile production --region us-east-1 --header "Authorization: Bearer abcd1234efgh5678ijkl"'`,
      'vault-helper: profile production has no role in us-east-1 (see --profile; Authorization header sent: Bearer abcd1234efgh5678ijkl)',
      'vault-helper: profile production has no role in us-east-1 (see --profile; Authorization header sent: Bearer [redacted])',
    ],
    [
      'the program after env, and the values of --region, --profile and an ARN option',
      '/usr/bin/env vault-helper --region eu-west-1 --profile prod-admin --role-arn arn:aws:iam::123456789012:role/ci',
      "/usr/bin/env: 'vault-helper': No such file or directory (eu-west-1, prod-admin, arn:aws:iam::123456789012:role/ci)",
      "/usr/bin/env: 'vault-helper': No such file or directory (eu-west-1, prod-admin, arn:aws:iam::123456789012:role/ci)",
    ],
    [
      'a flag whose name only contains a secret word (--author, --bypass-cache) is no secret flag; AWS_REGION=… is no secret',
      'AWS_REGION=eu-central-1 helper --author jdoe --bypass-cache true --key-file /etc/helper/key.pem',
      'helper: jdoe may not read /etc/helper/key.pem in eu-central-1 (true)',
      'helper: jdoe may not read /etc/helper/key.pem in eu-central-1 (true)',
    ],
    [
      'a URL without user information, and the query parameter of a secret name in one with',
      'helper --url https://vault.example:8200/v1 --callback https://hooks.example/x?token=hooksecret123&team=ops',
      'helper: https://vault.example:8200/v1 refused hooksecret123 for ops',
      'helper: https://vault.example:8200/v1 refused [redacted] for ops',
    ],
  ])('%s', (_what, command, stderr, expected) => {
    expect(scrubCommandOutput(stderr, command, '')).toBe(expected);
  });

  it("stdout: Version and Expiration are no secrets; plain names and paths in output that is no JSON neither", () => {
    const reply = JSON.stringify({ Version: 1, AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', SecretAccessKey: 'stdoutSecret/0123456789abcdefghij', Expiration: '2026-11-22T18:00:00Z' });
    expect(scrubCommandOutput('expired at 2026-11-22T18:00:00Z: stdoutSecret/0123456789abcdefghij', 'helper', reply)).toBe('expired at 2026-11-22T18:00:00Z: [redacted]');
    expect(scrubCommandOutput('credential_process_helper failed in /usr/local/lib/helper/main.py', 'helper', 'credential_process_helper failed in /usr/local/lib/helper/main.py')).toBe(
      'credential_process_helper failed in /usr/local/lib/helper/main.py',
    );
  });
});

describe('shellWords', () => {
  it('splits as a POSIX shell does, without expanding', () => {
    expect(shellWords(`VAULT_TOKEN=a\\ b helper 'x y' "p\\"q" r\\'s $HOME ''`)).toEqual(['VAULT_TOKEN=a b', 'helper', 'x y', 'p"q', "r's", '$HOME', '']);
  });

  it('reads back any word quoted with single quotes', () => {
    fc.assert(
      fc.property(fc.array(binaryString({ minLength: 0, maxLength: 12 }), { maxLength: 5 }), (words) => {
        expect(shellWords(words.map(singleQuoted).join(' '))).toEqual(words);
      }),
      { numRuns: RUNS },
    );
  });
});
