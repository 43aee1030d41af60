// Property tests of the STS XML reply parser: a credentials or caller-identity reply is accepted
// exactly when every required field is there once, non-blank (and Expiration is a date), with the
// values read back unchanged; anything else is a MalformedReplyError, never another exception.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MalformedReplyError, parseCallerIdentityReply, parseCredentialsReply, parseErrorReply } from '../../../src/sts/reply.js';
import { parseXml, XmlError } from '../../../src/sts/xml.js';
import { binaryString } from '../../support/binary-string.js';

const RUNS = 400;
const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

const escapeXml = (value: string) => value.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/** One element of a reply as a test wants it: its value, or a way of being broken. */
type FieldShape =
  | { kind: 'ok'; value: string }
  | { kind: 'absent' }
  | { kind: 'empty' }
  | { kind: 'blank' }
  | { kind: 'twice'; value: string }
  | { kind: 'cdata'; value: string };

const nonBlank = binaryString({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '' && !s.includes(']]>'));
const fieldShape = (valid: fc.Arbitrary<string>): fc.Arbitrary<FieldShape> =>
  fc.oneof(
    { weight: 6, arbitrary: valid.map((value) => ({ kind: 'ok' as const, value })) },
    { weight: 1, arbitrary: valid.map((value) => ({ kind: 'cdata' as const, value })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'absent' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'empty' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'blank' as const }) },
    { weight: 1, arbitrary: valid.map((value) => ({ kind: 'twice' as const, value })) },
  );

function render(name: string, shape: FieldShape): string {
  switch (shape.kind) {
    case 'ok':
      return `<${name}>${escapeXml(shape.value)}</${name}>`;
    case 'cdata':
      return `<${name}><![CDATA[${shape.value}]]></${name}>`;
    case 'absent':
      return '';
    case 'empty':
      return `<${name}/>`;
    case 'blank':
      return `<${name}> \n\t </${name}>`;
    case 'twice':
      return `<${name}>${escapeXml(shape.value)}</${name}><${name}>${escapeXml(shape.value)}</${name}>`;
  }
}

const usable = (shape: FieldShape): shape is Extract<FieldShape, { value: string }> => shape.kind === 'ok' || shape.kind === 'cdata';

const isoDate = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
const notADate = fc.oneof(fc.constantFrom('tomorrow', 'not-a-date', '2026-13-45T99:00:00Z', 'NaN'), nonBlank).filter((s) => Number.isNaN(new Date(s.trim()).getTime()));
const expirationShape = fc.oneof(fieldShape(isoDate), notADate.map((value) => ({ kind: 'ok' as const, value })));

/** Whole-document damage that must also be refused. */
const envelope = fc.constantFrom('good', 'good', 'good', 'good', 'no-result', 'wrong-root', 'unclosed', 'trailing-text', 'doctype');

describe('STS credentials reply parser', () => {
  it('accepts exactly the replies with AccessKeyId, SecretAccessKey, SessionToken and a dated Expiration', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('AssumeRole', 'AssumeRoleWithWebIdentity') as fc.Arbitrary<'AssumeRole' | 'AssumeRoleWithWebIdentity'>,
        fc.record({ AccessKeyId: fieldShape(nonBlank), SecretAccessKey: fieldShape(nonBlank), SessionToken: fieldShape(nonBlank), Expiration: expirationShape }),
        fc.shuffledSubarray(['AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration'] as const, { minLength: 4, maxLength: 4 }),
        envelope,
        (action, fields, order, damage) => {
          const credentials = `<Credentials>${order.map((name) => render(name, fields[name])).join('')}</Credentials>`;
          const result = damage === 'no-result' ? '' : `<${action}Result><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn></AssumedRoleUser>${credentials}</${action}Result>`;
          const root = damage === 'wrong-root' ? 'ErrorResponse' : `${action}Response`;
          let body = `<?xml version="1.0"?>\n<${root} xmlns="${NS}">${result}</${root}>`;
          if (damage === 'unclosed') body = body.slice(0, -3);
          if (damage === 'trailing-text') body += 'junk';
          if (damage === 'doctype') body = `<!DOCTYPE x [<!ENTITY e "boom">]>${body}`;

          const expiration = fields.Expiration;
          const shouldAccept =
            damage === 'good' &&
            [fields.AccessKeyId, fields.SecretAccessKey, fields.SessionToken, expiration].every(usable) &&
            usable(expiration) &&
            !Number.isNaN(new Date(expiration.value.trim()).getTime());

          let reply;
          try {
            reply = parseCredentialsReply(action, body, () => {});
          } catch (error) {
            expect(error).toBeInstanceOf(MalformedReplyError);
            expect(shouldAccept, `refused a complete reply: ${(error as Error).message}`).toBe(false);
            return;
          }
          expect(shouldAccept, 'accepted a reply without every required field').toBe(true);
          const value = (shape: FieldShape) => (usable(shape) ? shape.value.trim() : undefined);
          expect(reply.accessKeyId).toBe(value(fields.AccessKeyId));
          expect(reply.secretAccessKey).toBe(value(fields.SecretAccessKey));
          expect(reply.sessionToken).toBe(value(fields.SessionToken));
          expect(reply.expiration.getTime()).toBe(new Date(value(expiration)!).getTime());
          expect(reply.accountId).toBe('123456789012');
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('GetCallerIdentity needs Account (12 digits), Arn (an ARN) and UserId (printable ASCII)', () => {
    // The grammars, restated from docs/behaviour.md ("Outside values") as the oracle.
    const account = fc.oneof(fc.stringMatching(/^\d{12}$/), nonBlank);
    const arn = fc.oneof(fc.stringMatching(/^arn:aws(-cn|-us-gov)?:(sts|iam)::\d{12}:(assumed-role|role|user)\/[\w+=,.@-]{1,64}(\/[\w+=,.@-]{1,64})?$/), nonBlank);
    const userId = fc.oneof(fc.stringMatching(/^A[A-Z0-9]{16,20}(:[\w+=,.@-]{2,64})?$/), nonBlank);
    const grammar = { Account: /^\d{12}$/, Arn: /^arn:[a-z][a-z0-9-]*:[a-z0-9][a-z0-9-]*:[a-z0-9-]*:(\d{12}|aws)?:[\x21-\x7e]+$/, UserId: /^[\x21-\x7e]+$/ };
    fc.assert(
      fc.property(fc.record({ Account: fieldShape(account), Arn: fieldShape(arn), UserId: fieldShape(userId) }), (fields) => {
        const inner = (['Arn', 'UserId', 'Account'] as const).map((name) => render(name, fields[name])).join('');
        const body = `<GetCallerIdentityResponse xmlns="${NS}"><GetCallerIdentityResult>${inner}</GetCallerIdentityResult></GetCallerIdentityResponse>`;
        const shouldAccept = (['Account', 'Arn', 'UserId'] as const).every((name) => {
          const shape = fields[name];
          return usable(shape) && grammar[name].test(shape.value.trim());
        });
        try {
          const identity = parseCallerIdentityReply(body);
          expect(shouldAccept).toBe(true);
          expect(identity.account).toBe((fields.Account as { value: string }).value.trim());
        } catch (error) {
          expect(error).toBeInstanceOf(MalformedReplyError);
          expect(shouldAccept).toBe(false);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('any text at all: the reply parsers throw only MalformedReplyError, the XML reader only XmlError, the error reader never', () => {
    const xmlish = fc
      .array(fc.oneof(fc.constantFrom('<', '>', '</', '/>', '&', '&amp;', '&#x41;', '&#99999999;', '<![CDATA[', ']]>', '<!--', '-->', '<?', '?>', '"', "'", '=', 'AssumeRoleResponse', 'Credentials', 'Error', 'Code'), binaryString({ maxLength: 8 })), { maxLength: 60 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(xmlish, binaryString({ maxLength: 300 })), (body) => {
        for (const parse of [() => parseCredentialsReply('AssumeRole', body, () => {}), () => parseCredentialsReply('AssumeRoleWithWebIdentity', body, () => {}), () => parseCallerIdentityReply(body)]) {
          try {
            parse();
          } catch (error) {
            expect(error).toBeInstanceOf(MalformedReplyError);
          }
        }
        try {
          parseXml(body);
        } catch (error) {
          expect(error).toBeInstanceOf(XmlError);
        }
        expect(() => parseErrorReply(body)).not.toThrow();
      }),
      { numRuns: RUNS },
    );
  });
});
