// Container credentials (docs/behaviour.md, "Container endpoint"): the ECS agent (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) or a full
// URL such as the EKS Pod Identity agent's (AWS_CONTAINER_CREDENTIALS_FULL_URI + a token file).
//
//   AWS_CONTAINER_CREDENTIALS_FULL_URI=http://169.254.170.23/v1/credentials \
//   AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token  node app.js

import type { HttpRequest, HttpResponse } from '../context.js';
import type { CheckedFields } from '../credentials.js';
import { broken, type CredentialsProviderError, notConfigured, redact } from '../errors.js';
import { TOKEN_FILE_MAX_BYTES } from '../io/file-limits.js';
import { parseJsonObject } from '../json-object.js';
import { safeUrl } from '../io/http.js';
import { isRetryableStatus, retryAfterMs, retryHistory, withRetries } from '../retry.js';
import { readRequiredFile } from '../named-file.js';
import { outsideText } from '../outside-text.js';
import { containerTarget, type ContainerTarget } from '../metadata/container-url.js';
import type { CredentialSource, SourceInput } from '../source.js';
import { containerUnsetReason, containerUris, settingOrEnv, type ContainerSettings, type Setting } from '../source-settings.js';

const TOKEN_VARIABLE = 'AWS_CONTAINER_AUTHORIZATION_TOKEN';
const TOKEN_FILE_VARIABLE = 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE';

/** The container settings classified once: where to call and with which token, or why it is not configured (an invalid URL throws). */
export type ContainerEndpoint =
  | { configured: false; reason: string }
  | { configured: true; target: ContainerTarget; tokenFile: Setting | undefined; token: Setting | undefined; notes: string[] };

/**
 * The endpoint from the settings (fromHttp's options; later a profile's) over the AWS_CONTAINER_*
 * variables, each value on its own, as the SDK's `options.x ?? process.env.X`. The relative URI wins
 * over the full one, the token file over the token.
 */
export function classifyContainer(settings: ContainerSettings, env: Record<string, string | undefined>): ContainerEndpoint {
  const unset = containerUnsetReason(settings, env);
  if (unset !== undefined) return { configured: false, reason: unset };
  const { relative, full } = containerUris(settings, env);
  const target = containerTarget(relative, full)!;
  const tokenFile = settingOrEnv(settings.authorizationTokenFile, env, TOKEN_FILE_VARIABLE);
  const token = settingOrEnv(settings.authorizationToken, env, TOKEN_VARIABLE);
  const notes: string[] = [];
  if (relative?.value && full?.value) notes.push(`${relative.from} wins over ${full.from} (both are set)`);
  if (tokenFile?.value && token?.value) notes.push(`${tokenFile.from} wins over ${token.from} (both are set)`);
  return { configured: true, target, tokenFile: tokenFile?.value ? tokenFile : undefined, token: token?.value ? token : undefined, notes };
}

/** The chain's `container` step and `credential_source = EcsContainer` (where not configured is broken: providers/profile.ts). */
export const source: CredentialSource = {
  name: 'container',
  resolve: fetchContainerCredentials,
};

async function fetchContainerCredentials(input: SourceInput): Promise<CheckedFields> {
  const endpoint = classifyContainer(input.settings.container, input.context.env);
  if (!endpoint.configured) throw notConfigured(endpoint.reason);
  const { target } = endpoint;
  // Loaded once the endpoint is configured: a chain passing by loads no reply-parsing code. (The retry
  // policy is imported statically: it is in the core file, and a dynamic import of the core from a lazy
  // file makes bundlers keep every export of the core — no tree-shaking for an app bundling credchain.)
  const [{ parseMetadataCredentials }, { METADATA_BACKOFF, METADATA_MAX_RETRIES, METADATA_TIMEOUT_MS }] = await Promise.all([
    import('../metadata/reply.js'),
    import('../metadata/retry.js'),
  ]);
  const { context } = input;
  const { timeoutMs, maxRetries } = input.settings.container;
  const where = safeUrl(target.url);
  const what = `the container credentials endpoint ${where} (${target.from})`;
  for (const note of endpoint.notes) input.note(note);

  const tokens: string[] = [];
  const build = async (): Promise<HttpRequest> => {
    const token = await authorizationToken(input, endpoint);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token !== undefined) {
      tokens.push(token);
      headers.authorization = token;
    }
    return { method: 'GET', url: target.url.href, headers, timeoutMs: timeoutMs ?? METADATA_TIMEOUT_MS };
  };
  const exchange = await withRetries(context, async (attempt) => context.request({ ...(await build()), attempt }), {
    ...METADATA_BACKOFF,
    maxRetries: maxRetries ?? METADATA_MAX_RETRIES,
    retryValue: (response) => isRetryableStatus(response.status),
    // A 429 (the EKS Pod Identity agent passes on EKS Auth's throttling, a fleet's storm) on the throttle schedule.
    throttled: (response) => response.status === 429,
    retryAfter: (response) => retryAfterMs(response.headers, context.now()),
    // Every network failure: an agent that is still starting refuses connections for a moment.
    retryNetwork: () => true,
  });
  const history = retryHistory(exchange, 'the endpoint');
  const tries = history ? ` (${history})` : '';
  const fix = 'Check that the ECS agent / EKS Pod Identity agent is running and that the task or pod has a role';
  if (!exchange.ok && exchange.error.code === 'too-large') {
    // Not retried (src/retry.ts): the same endpoint would send the same reply.
    throw broken(`${what} sent a ${exchange.error.detail}, credchain's limit for a credentials reply (a few hundred bytes of JSON); not retried`, {
      fix: 'Check that the URL is the ECS agent or EKS Pod Identity agent credentials endpoint, not another service',
      code: exchange.error.code,
      cause: exchange.error,
    });
  }
  if (!exchange.ok) {
    throw broken(`${what} did not answer${tries}: ${exchange.error.detail}`, {
      fix,
      code: exchange.error.code,
      cause: exchange.error,
    });
  }
  const response = exchange.value;
  if (response.status !== 200) throw errorReply(response, what, where, tries, tokens);
  const credentials = parseMetadataCredentials(response.body, what, fix, input.note);
  if (credentials.expiration.getTime() <= context.now()) {
    // Returned as the SDK does: the chain refuses them (docs/behaviour.md, "Expiry"), and a role hop's STS error needs this note to make sense.
    input.note(`the endpoint answered credentials that already expired at ${credentials.expiration.toISOString()}`);
  }
  input.note(`from ${what}${credentials.accountId ? `, account ${credentials.accountId}` : ''}`);
  return credentials;
}

/** The Authorization header value: the token file (re-read on every attempt, it rotates) beats the token. */
async function authorizationToken(input: SourceInput, endpoint: { tokenFile: Setting | undefined; token: Setting | undefined }): Promise<string | undefined> {
  const { tokenFile } = endpoint;
  let token: string | undefined;
  let from: string;
  if (tokenFile) {
    from = `the token file ${tokenFile.value} (${tokenFile.from})`;
    token = await readRequiredFile(input.context, {
      path: tokenFile.value,
      what: from,
      unreadableFix: 'Check the file permissions, or unset the variable',
      otherwise: 'unset the variable',
      maxBytes: TOKEN_FILE_MAX_BYTES,
      missingFix: 'Point it at the token your platform mounts, or unset it',
    });
  } else {
    token = endpoint.token?.value;
    from = endpoint.token?.from ?? TOKEN_VARIABLE;
  }
  // A CR or LF would let the value inject headers; the SDK refuses "\r\n", credchain either one.
  if (token !== undefined && (token.includes('\r') || token.includes('\n'))) {
    throw broken(`the authorization token in ${from} contains a line break (CR or LF), which is not allowed in a header`, {
      fix: 'Remove the line break (e.g. write the file with printf, not echo)',
      code: 'invalid-token',
    });
  }
  return token;
}

function errorReply(response: HttpResponse, what: string, where: string, tries: string, tokens: string[]): CredentialsProviderError {
  const status = response.status;
  if (status >= 300 && status < 400) {
    const location = response.headers.location ? ` to ${safeLocation(response.headers.location, where)}` : '';
    return broken(`${what} answered ${status}, a redirect${location}; redirects are never followed`, {
      fix: 'Point the variable at the final URL of the credentials endpoint',
      code: `HTTP${status}`,
    });
  }
  const { code, message } = errorFields(response.body);
  const said = code || message ? `: ${[code, message].filter(Boolean).join(': ')}` : '';
  const fix =
    status === 401 || status === 403
      ? `Check the authorization token (${TOKEN_FILE_VARIABLE} / ${TOKEN_VARIABLE}) your platform provides`
      : status === 404
        ? 'Check the URL: the task or pod may have no role, or the variable may be stale'
        : status === 429
          ? 'The agent kept throttling through the retries (for EKS Pod Identity, EKS Auth limits the calls of a cluster): Check whether many pods start together and spread them out, or try again later'
          : 'Check that the ECS agent / EKS Pod Identity agent is healthy';
  return broken(redact(`${what} answered HTTP ${status}${tries}${said}`, tokens), { fix, code: code ?? `HTTP${status}` });
}

/** `Code` and `Message` of a JSON error body (the ECS and EKS agents send them); never throws. */
function errorFields(body: string): { code?: string; message?: string } {
  const fields = parseJsonObject(body) ?? {};
  const text = (value: unknown) => (typeof value === 'string' && value ? outsideText(value) : undefined);
  const out: { code?: string; message?: string } = {};
  const code = text(fields.Code);
  const message = text(fields.Message);
  if (code) out.code = code;
  if (message) out.message = message;
  return out;
}

function safeLocation(location: string, base: string): string {
  try {
    return safeUrl(new URL(location, base));
  } catch {
    return 'an invalid URL';
  }
}
