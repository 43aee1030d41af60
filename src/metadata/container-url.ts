// Which URL the container credentials source calls (docs/behaviour.md, "Container endpoint"): the ECS agent plus
// AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (wins), or AWS_CONTAINER_CREDENTIALS_FULL_URI, and the host
// allow-list that is checked before any connection, so a planted variable cannot exfiltrate the token.

import { dottedQuad } from '../digits.js';
import { broken } from '../errors.js';
import { safeUrl } from '../io/http.js';
export const ECS_AGENT_ORIGIN = 'http://169.254.170.2';

export interface ContainerTarget {
  url: URL;
  /** What gave the URL, for messages: the variable, or the option that stands in for it. */
  from: string;
}

/** A URL setting and what supplied it (a variable, an option). */
interface UrlSetting {
  value: string;
  from: string;
}

// Compared with URL.hostname, which the WHATWG parser has already normalized: IPv4 in any notation
// becomes dotted decimal (127.1 → 127.0.0.1), IPv6 is compressed and bracketed, names are lower case.
const AGENT_HOSTS: ReadonlySet<string> = new Set(['169.254.170.2', '169.254.170.23', '[fd00:ec2::23]']);
const LOOPBACK_NAMES: ReadonlySet<string> = new Set(['localhost', '[::1]']);

const ALLOWED_TEXT = 'https to any host, or plain http only to 169.254.170.2, 169.254.170.23, [fd00:ec2::23], localhost, 127.0.0.0/8 or [::1]';

/** Is this URL allowed without a connection? `localhost` is taken by name, as the AWS SDK does (no DNS lookup). */
export function isAllowedContainerUrl(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  if (url.protocol !== 'http:') return false;
  return AGENT_HOSTS.has(url.hostname) || LOOPBACK_NAMES.has(url.hostname) || dottedQuad(url.hostname)?.[0] === '127';
}

/**
 * The URL to call from the relative URI (wins) or the full URI; undefined when neither is set (empty
 * counts as unset, as in the SDK). Throws a broken error when it is invalid or not allowed.
 */
export function containerTarget(relative: UrlSetting | undefined, full: UrlSetting | undefined): ContainerTarget | undefined {
  let target: ContainerTarget;
  if (relative?.value) target = { url: parse(ECS_AGENT_ORIGIN + relative.value, relative.from, 'relative'), from: relative.from };
  else if (full?.value) target = { url: parse(full.value, full.from, 'full'), from: full.from };
  else return undefined;
  if (!isAllowedContainerUrl(target.url)) {
    throw broken(`${target.from} points at ${safeUrl(target.url)}, which is not allowed (no connection was made)`, {
      fix: `Allowed: ${ALLOWED_TEXT}. Use the address your platform sets, or https`,
      code: 'url-not-allowed',
    });
  }
  return target;
}

function parse(text: string, variable: string, kind: 'relative' | 'full'): URL {
  try {
    return new URL(text);
  } catch {
    // The value is not echoed: a malformed URL may still carry a secret in what looks like a query.
    throw broken(`${variable} is not a valid URL (a full URL with a host is required, e.g. http://169.254.170.23/v1/credentials)`, {
      fix: kind === 'relative' ? 'Set it to a path such as /v2/credentials/<id>, or unset it' : 'Set it to the full URL your platform gives, or unset it',
      code: 'invalid-url',
    });
  }
}
