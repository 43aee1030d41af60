// Property tests of the JSON reply parsers — container/IMDS credentials, SSO GetRoleCredentials,
// SSO-OIDC CreateToken and credential_process output: each accepts a reply exactly when every
// required field is there with a usable value, and refuses anything else with a broken CredentialsProviderError.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMetadataCredentials } from '../../../src/metadata/reply.js';
import { runCredentialProcess } from '../../../src/providers/process.js';
import { createSsoToken } from '../../../src/sso/oidc.js';
import { getRoleCredentials } from '../../../src/sso/portal.js';
import { fakeMachine } from '../../support/fake-context.js';
import { asSource, labelled, labelledSync, sourceInput, ssoCall } from '../../support/source-input.js';
import { expectBroken } from '../../support/outcomes.js';
import { binaryString } from '../../support/binary-string.js';

const RUNS = 300;
const NOW = Date.parse('2026-11-22T12:00:00Z');
const ABSENT = Symbol('absent');

/** A JSON value of any type, or the field left out. */
const anything = fc.oneof(
  fc.constant(ABSENT),
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constant(''),
  fc.constant('   '),
  binaryString({ maxLength: 20 }),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string(), { maxKeys: 2 }),
);
const goodString = binaryString({ minLength: 1, maxLength: 30 });
const isoDate = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
/** Mostly good values, often something else: about half the generated replies miss something. */
const field = (good: fc.Arbitrary<unknown>) => fc.oneof({ weight: 4, arbitrary: good }, { weight: 1, arbitrary: anything });

function body(fields: Record<string, unknown>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== ABSENT)));
}
const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';
/** ISO 8601 as docs/behaviour.md ("Outside values") states it, restated as the oracle: what `new Date()` merely guesses at ("1", "May 5") is not a date. */
const ISO_8601 = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])([Tt ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;
const isDateText = (value: unknown): value is string => typeof value === 'string' && ISO_8601.test(value) && !Number.isNaN(new Date(value).getTime());

const SECRET_FIELDS = new Set(['secretAccessKey', 'SecretAccessKey', 'sessionToken', 'SessionToken', 'Token', 'accessToken', 'refreshToken']);

/** The secret values of a reply: none may appear in a refusal's message. */
function secretsOf(fields: Record<string, unknown>): string[] {
  return Object.entries(fields)
    .filter(([name]) => SECRET_FIELDS.has(name))
    .map(([, value]) => value)
    .filter((v): v is string => typeof v === 'string' && v.trim().length >= 8);
}

describe('container / IMDS credentials document', () => {
  it('needs AccessKeyId, SecretAccessKey, Token and a dated Expiration as strings; Code, when present, must be Success', () => {
    fc.assert(
      fc.property(
        fc.record({
          AccessKeyId: field(goodString),
          SecretAccessKey: field(goodString),
          Token: field(goodString),
          Expiration: field(isoDate),
          Code: fc.oneof(fc.constant(ABSENT), fc.constant(ABSENT), fc.constant('Success'), anything),
          AccountId: field(fc.stringMatching(/^\d{12}$/)),
        }),
        (fields) => {
          const shouldAccept =
            isText(fields.AccessKeyId) && isText(fields.SecretAccessKey) && isText(fields.Token) && isDateText(fields.Expiration) && (fields.Code === ABSENT || fields.Code === 'Success');
          try {
            const parsed = labelledSync('container', () => parseMetadataCredentials(body(fields), 'the endpoint', 'fix it', () => {}));
            expect(shouldAccept, 'accepted a document without every required field').toBe(true);
            expect(parsed).toMatchObject({ accessKeyId: fields.AccessKeyId, secretAccessKey: fields.SecretAccessKey, sessionToken: fields.Token });
            // An AccountId is carried on only when it is 12 digits (docs/behaviour.md, "Outside values").
            expect(parsed.accountId).toBe(typeof fields.AccountId === 'string' && /^\d{12}$/.test(fields.AccountId) ? fields.AccountId : undefined);
          } catch (error) {
            expectBroken(error);
            expect(shouldAccept, (error as Error).message).toBe(false);
            const message = (error as Error).message;
            // A secret that is also the Code's text (both generated, e.g. "toString") may appear as the Code.
            const codeText = fields.Code === ABSENT ? '' : (JSON.stringify(fields.Code) ?? '');
            for (const secret of [fields.SecretAccessKey, fields.Token]) if (typeof secret === 'string' && secret.length >= 8 && !codeText.includes(secret)) expect(message).not.toContain(secret);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('any body text at all is refused with a broken error or accepted with every field', () => {
    fc.assert(
      fc.property(fc.oneof(binaryString({ maxLength: 200 }), fc.json()), (text) => {
        try {
          const parsed = labelledSync('imds', () => parseMetadataCredentials(text, 'the endpoint', 'fix it', () => {}));
          expect([parsed.accessKeyId, parsed.secretAccessKey, parsed.sessionToken].every(isText)).toBe(true);
        } catch (error) {
          expectBroken(error);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('SSO GetRoleCredentials reply', () => {
  it('needs roleCredentials with accessKeyId, secretAccessKey, sessionToken and an epoch-ms (or, as the SDK reads it too, ISO 8601) expiration', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          accessKeyId: field(goodString),
          secretAccessKey: field(goodString),
          sessionToken: field(goodString),
          expiration: field(fc.oneof(fc.integer({ min: NOW, max: NOW + 86_400_000 }), fc.integer({ min: NOW, max: NOW + 86_400_000 }).map((ms) => new Date(ms).toISOString()))),
        }),
        fc.constantFrom('roleCredentials', 'roleCredentials', 'roleCredentials', 'RoleCredentials', 'none'),
        async (role, wrapper) => {
          const reply = wrapper === 'none' ? body(role) : `{"${wrapper}":${body(role)}}`;
          const machine = fakeMachine({ now: NOW, request: () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: reply }) });
          const shouldAccept =
            wrapper === 'roleCredentials' &&
            isText(role.accessKeyId) && isText(role.secretAccessKey) && isText(role.sessionToken) &&
            ((typeof role.expiration === 'number' && !Number.isNaN(new Date(role.expiration).getTime())) || isDateText(role.expiration));
          const request = { region: 'us-east-1', accountId: '123456789012', roleName: 'ReadOnly', accessToken: 'bearerTokenSENTINEL-0000', loginFix: 'log in' };
          try {
            const credentials = await asSource('sso', getRoleCredentials(ssoCall(machine.context), request));
            expect(shouldAccept, 'accepted a reply without every required field').toBe(true);
            expect(credentials.accessKeyId).toBe(role.accessKeyId);
          } catch (error) {
            expectBroken(error);
            expect(shouldAccept, (error as Error).message).toBe(false);
            for (const secret of [...secretsOf(role), request.accessToken]) expect((error as Error).message).not.toContain(secret);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('SSO-OIDC CreateToken reply', () => {
  it('needs an accessToken and an expiresIn that makes a real expiry date', async () => {
    const expiresIn = fc.oneof(fc.integer({ min: 1, max: 86_400 }), fc.constantFrom(0, -1, 1e300, 8.64e12, 0.5), fc.double());
    await fc.assert(
      fc.asyncProperty(fc.record({ accessToken: field(goodString), expiresIn: field(expiresIn), refreshToken: field(goodString) }), fc.boolean(), async (fields, overflow) => {
        // JSON has no Infinity, but `1e400` is valid JSON that parses to it.
        const reply = overflow && fields.expiresIn === 1e300 ? body(fields).replace('1e+300', '1e400') : body(fields);
        const machine = fakeMachine({ now: NOW, request: () => ({ status: 200, headers: {}, body: reply }) });
        const seconds = JSON.parse(reply).expiresIn as unknown;
        const shouldAccept =
          isText(fields.accessToken) && typeof seconds === 'number' && seconds > 0 && !Number.isNaN(new Date(NOW + seconds * 1000).getTime());
        const grant = { region: 'us-east-1', clientId: 'client', clientSecret: 'clientSecretSENTINEL-1', refreshToken: 'refreshTokenSENTINEL-1' };
        try {
          const created = await labelled('sso', createSsoToken(ssoCall(machine.context), grant));
          expect(shouldAccept, `accepted ${reply}`).toBe(true);
          expect(created.accessToken).toBe(fields.accessToken);
          expect(new Date(NOW + created.expiresInSeconds * 1000).getTime()).not.toBeNaN();
        } catch (error) {
          expectBroken(error);
          expect(shouldAccept, (error as Error).message).toBe(false);
          for (const secret of [...secretsOf(fields), grant.clientSecret, grant.refreshToken]) expect((error as Error).message).not.toContain(secret);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('credential_process output', () => {
  it('needs Version 1, AccessKeyId and SecretAccessKey; an Expiration, when given, must be a future date', async () => {
    const expiration = fc.oneof(
      fc.constant(ABSENT),
      fc.constant(null),
      fc.constant(''),
      isoDate,
      fc.date({ min: new Date(NOW + 60_000), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
      anything,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          Version: fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constantFrom(2, '1', 0, 1.5, ABSENT, null) }),
          AccessKeyId: field(goodString),
          SecretAccessKey: field(goodString),
          SessionToken: field(goodString),
          Expiration: expiration,
        }),
        async (fields) => {
          const stdout = body(fields);
          const machine = fakeMachine({ now: NOW });
          machine.context.runCommand = async () => ({ exitCode: 0, stdout, stderr: '', timedOut: false });
          // What the command printed (JSON has no Infinity or NaN: they are sent as null).
          const sent = JSON.parse(stdout) as Record<string, unknown>;
          const e = 'Expiration' in sent ? sent.Expiration : ABSENT;
          const expirationOk = e === ABSENT || e === null || e === '' || (typeof e === 'string' && isDateText(e) && new Date(e).getTime() >= NOW);
          const shouldAccept = fields.Version === 1 && isText(fields.AccessKeyId) && isText(fields.SecretAccessKey) && expirationOk;
          const base = { kind: 'process' as const, profile: 'tool', command: 'tool --token cmdlineSecretSENTINEL-42' };
          try {
            const credentials = await asSource('process', runCredentialProcess(sourceInput(machine.context), base));
            expect(shouldAccept, `accepted ${stdout}`).toBe(true);
            expect(credentials.secretAccessKey).toBe(fields.SecretAccessKey);
          } catch (error) {
            expectBroken(error);
            expect(shouldAccept, (error as Error).message).toBe(false);
            for (const secret of [...secretsOf(fields), 'cmdlineSecretSENTINEL-42']) expect((error as Error).message).not.toContain(secret);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
