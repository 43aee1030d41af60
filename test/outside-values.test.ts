// The grammars of outside values (src/outside-values.ts; docs/behaviour.md, "Outside values"):
// properties over any text — account ids are exactly 12 ASCII digits, ARNs follow the ARN grammar in
// printable ASCII, expirations are ISO 8601 (or epoch ms where a service sends numbers) — and the
// note a dropped value leaves is itself safe to print. Pure: the fast lane.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasUnsafeCharacters } from '../src/outside-text.js';
import { accountIdOfArn, checkAccountId, checkArn, parseExpiration, parseIsoDate, readAccountId, readArn } from '../src/outside-values.js';
import { binaryString } from './support/binary-string.js';

const RUNS = 1000;
/** Any text: every code point (astral, lone surrogates, controls), digits of other scripts, quotes. */
const anyText = fc.oneof(
  binaryString({ maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...'0123456789٠١٢٣٤٥٦٧٨٩０１２３４５６７８９ \n\t\'"’‘$`;:'), maxLength: 16 }),
  fc.stringMatching(/^\d{12}$/).chain((id) => fc.constantFrom(id, ` ${id}`, `${id}\n`, `${id} touch PWNED`, `${id}’; New-Item PWNED; ’`, id.slice(1))),
);

describe('account ids', () => {
  it('exactly 12 ASCII digits are an account id; nothing else is', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(checkAccountId(text) !== undefined).toBe(/^[0-9]{12}$/.test(text));
      }),
      { numRuns: RUNS },
    );
    for (const value of [123456789012, null, undefined, ['123456789012'], { toString: () => '123456789012' }]) expect(checkAccountId(value)).toBeUndefined();
  });

  it('a dropped value leaves one note, escaped and cut; a good or absent one leaves none', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.string({ maxLength: 5000 })), (text) => {
        const notes: string[] = [];
        const kept = readAccountId(text, 'AWS_ACCOUNT_ID', (note) => notes.push(note));
        if (text === '' || kept !== undefined) {
          expect(notes).toEqual([]);
          return;
        }
        expect(notes).toHaveLength(1);
        expect(notes[0]).toMatch(/^dropped AWS_ACCOUNT_ID ".*": an account id is 12 digits \(0-9\)$/s);
        expect(hasUnsafeCharacters(notes[0]!), 'the note is safe to print').toBe(false);
        expect(notes[0]!.length).toBeLessThan(200);
      }),
      { numRuns: RUNS },
    );
    const notes: string[] = [];
    readAccountId(123456789012, 'the AccountId', (note) => notes.push(note));
    expect(notes).toEqual(['dropped the AccountId (a number, not a string): an account id is 12 digits (0-9)']);
  });
});

describe('ARNs', () => {
  const arn = fc
    .record({
      partition: fc.constantFrom('aws', 'aws-cn', 'aws-us-gov', 'aws-iso-b'),
      service: fc.constantFrom('sts', 'iam', 's3', 'lambda'),
      region: fc.constantFrom('', 'us-east-1', 'eu-west-1'),
      account: fc.oneof(fc.stringMatching(/^\d{12}$/), fc.constant('aws'), fc.constant('')),
      resource: fc.stringMatching(/^[\x21-\x7e]{1,60}$/),
    })
    .map(({ partition, service, region, account, resource }) => ({ text: `arn:${partition}:${service}:${region}:${account}:${resource}`, account }));

  it('arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE in printable ASCII is an ARN, with its account', () => {
    fc.assert(
      fc.property(arn, ({ text, account }) => {
        const checked = checkArn(text);
        expect(checked).toBe(text);
        expect(accountIdOfArn(checked!)).toBe(/^\d{12}$/.test(account) ? account : undefined);
      }),
      { numRuns: RUNS },
    );
  });

  it('any character outside printable ASCII, a space, a missing field or a bad account makes it no ARN', () => {
    fc.assert(
      fc.property(arn, fc.nat(), binaryString({ minLength: 1, maxLength: 3 }).filter((s) => /[^\x21-\x7e]/.test(s)), ({ text }, at, bad) => {
        const index = at % (text.length + 1);
        expect(checkArn(text.slice(0, index) + bad + text.slice(index))).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
    for (const text of ['arn:aws:sts::123456789012', 'arn:aws:sts::12345678901:assumed-role/r/s', 'arn:aws:sts::123456789012 touch PWNED:assumed-role/r/s', 'ARN:aws:sts::123456789012:x', `arn:aws:s3:::${'x'.repeat(2048)}`]) {
      expect(checkArn(text), text).toBeUndefined();
    }
    const notes: string[] = [];
    expect(readArn('arn:aws:sts::123456789012\u001b[2J:assumed-role/r/s', 'the Arn', (note) => notes.push(note))).toBeUndefined();
    expect(notes).toEqual(['dropped the Arn "arn:aws:sts::123456789012\\x1b[2J:assumed-ro… (6 more characters)": not an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE, printable ASCII)']);
  });
});

describe('expirations', () => {
  const date = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true });

  it('every ISO 8601 spelling AWS and its tools write reads as the same instant as `new Date()` reads it (the SDK)', () => {
    fc.assert(
      fc.property(date, fc.constantFrom('iso', 'no-millis', 'space', 'offset', 'compact-offset', 'lower'), (instant, spelling) => {
        const iso = instant.toISOString();
        const text = {
          iso,
          'no-millis': iso.replace(/\.\d{3}Z$/, 'Z'),
          space: iso.replace('T', ' '),
          offset: iso.replace('Z', '+00:00'),
          'compact-offset': iso.replace('Z', '+0000'),
          lower: iso.replace('T', 't').replace('Z', 'z'),
        }[spelling];
        expect(parseIsoDate(text)?.getTime()).toBe(new Date(text).getTime());
        expect(parseIsoDate(text)?.getTime()).toBe(spelling === 'no-millis' ? Math.floor(instant.getTime() / 1000) * 1000 : instant.getTime());
      }),
      { numRuns: RUNS },
    );
  });

  it('what `new Date()` only guesses at is not a date; nor is a day or time that does not exist', () => {
    for (const text of ['1', '2030', 'March 7, 2030', '01/02/2030', 'Tue, 01 Jan 2030 00:00:00 GMT', '2030-02-30', '2030-13-01', '2030-01-01T24:00:00Z', '2030-01-01T00:60:00Z', '+002030-01-01T00:00:00Z', ' 2030-01-01T00:00:00Z', '2030-01-01T00:00:00Z\n', '']) {
      expect(parseIsoDate(text), JSON.stringify(text)).toBeUndefined();
    }
    expect(parseIsoDate('2028-02-29')?.toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(parseIsoDate('2030-01-01T00:00:00.123456789Z')?.toISOString()).toBe('2030-01-01T00:00:00.123Z');
  });

  it('epoch milliseconds only where the service sends numbers (the SSO portal); a string is always ISO 8601', () => {
    fc.assert(
      fc.property(date, (instant) => {
        expect(parseExpiration(instant.getTime(), 'iso-or-epoch-ms')?.getTime()).toBe(instant.getTime());
        expect(parseExpiration(instant.getTime(), 'iso')).toBeUndefined();
        expect(parseExpiration(instant.toISOString(), 'iso-or-epoch-ms')?.getTime()).toBe(instant.getTime());
        expect(parseExpiration(String(instant.getTime()), 'iso-or-epoch-ms')).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, 8.64e15 + 1, null, undefined, true, {}]) expect(parseExpiration(value, 'iso-or-epoch-ms')).toBeUndefined();
  });
});
