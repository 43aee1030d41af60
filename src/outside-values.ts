// The grammars of the values credchain carries from outside into credentials and reports: account
// ids, ARNs and expiration dates (docs/behaviour.md, "Outside values"). Each source checks what it
// reads here, once, where it enters; the checked value has a type of its own, so code further on
// (exports, prints, the credentials server) cannot be handed an unchecked one by mistake.

import { isDigits } from './digits.js';
import { outsideText } from './outside-text.js';

declare const accountIdBrand: unique symbol;
declare const arnBrand: unique symbol;

/** 12 ASCII digits: the only form an AWS account id has. Made only by the readers below. */
export type AccountId = string & { readonly [accountIdBrand]: true };

/** `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`, printable ASCII without spaces. Made only by checkArn(). */
export type Arn = string & { readonly [arnBrand]: true };

/** Where a trace note goes when a value is dropped. */
export type NoteDropped = (text: string) => void;

// Partition and service are lower-case words (aws, aws-cn, aws-us-gov, aws-iso-b; sts, iam); the
// region may be empty (IAM, STS); the account is 12 digits, `aws` (managed policies) or empty (S3);
// the resource is any printable ASCII but a space. IAM caps an ARN at 2048 characters.
const ARN = /^arn:[a-z][a-z0-9-]{0,62}:[a-z0-9][a-z0-9-]{0,62}:[a-z0-9-]{0,62}:(?:\d{12}|aws)?:[\x21-\x7e]+$/;
const ARN_MAX_LENGTH = 2048;
/** How much of a dropped value a note shows (escaped): enough to recognise it, not a page of it. */
const DROPPED_SHOWN = 40;

/** `value` as an account id when it is one; otherwise undefined. */
export function checkAccountId(value: unknown): AccountId | undefined {
  return typeof value === 'string' && isDigits(value, 12, 12) ? (value as AccountId) : undefined;
}

/**
 * An account id read from outside: kept when it is 12 ASCII digits; absent (undefined, null, '')
 * stays absent; anything else is dropped — the credentials still work — and `note` says what was
 * dropped from `where` (escaped and cut, so the note itself is safe to print).
 */
export function readAccountId(value: unknown, where: string, note: NoteDropped): AccountId | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const accountId = checkAccountId(value);
  if (!accountId) note(`dropped ${where} ${describeDropped(value)}: an account id is 12 digits (0-9)`);
  return accountId;
}

/** `value` as an ARN when it follows the ARN grammar; otherwise undefined. */
export function checkArn(value: unknown): Arn | undefined {
  return typeof value === 'string' && value.length <= ARN_MAX_LENGTH && ARN.test(value) ? (value as Arn) : undefined;
}

/** As readAccountId, for an ARN. */
export function readArn(value: unknown, where: string, note: NoteDropped): Arn | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const arn = checkArn(value);
  if (!arn) note(`dropped ${where} ${describeDropped(value)}: not an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE, printable ASCII)`);
  return arn;
}

/** The account of an ARN (`arn:aws:sts::123456789012:assumed-role/…` → 123456789012), when it has one. */
export function accountIdOfArn(arn: Arn): AccountId | undefined {
  return checkAccountId(arn.split(':')[4]);
}

// ISO 8601 as AWS and the tools that write these files use it: a calendar date, optionally a time
// (`T` or a space, seconds and fractions optional) and a zone (`Z` or ±hh[:mm]). Anything else that
// `new Date()` would guess at ("01/02/2030", "March 7", a bare year) is not a date here.
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/;

/**
 * An ISO 8601 date (see ISO_DATE), as `new Date()` reads it — the SDK's reading, so an accepted value
 * means the same instant in both; undefined when it is not one (or names no real day or time).
 */
export function parseIsoDate(text: string): Date | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour = '0', minute = '0', second = '0'] = match;
  const daysInMonth = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  if (Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > daysInMonth) return undefined;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * An expiration as a source sends it: an ISO 8601 string, or — where the service sends numbers, as
 * the SSO portal does — epoch milliseconds. Undefined when it is neither.
 */
export function parseExpiration(value: unknown, accepts: 'iso' | 'iso-or-epoch-ms'): Date | undefined {
  if (typeof value === 'string') return parseIsoDate(value);
  if (accepts === 'iso-or-epoch-ms' && typeof value === 'number' && Number.isFinite(value)) {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  return undefined;
}

function describeDropped(value: unknown): string {
  return typeof value === 'string' ? `"${outsideText(value, DROPPED_SHOWN)}"` : `(a ${value === null ? 'null' : typeof value}, not a string)`;
}
