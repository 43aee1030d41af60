import { n as NetworkError, t as BrokenSourceError } from "./errors-DljhmaUc.js";
import { r as parseTimestamp } from "./credentials-Dd52m27b.js";
import { n as safeUrl } from "./http-8zFzcVFO.js";
// dist/metadata/container-url.js
const RELATIVE_URI_VARIABLE = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
const FULL_URI_VARIABLE = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
const ECS_AGENT_ORIGIN = "http://169.254.170.2";
const AGENT_HOSTS = /* @__PURE__ */ new Set([
	"169.254.170.2",
	"169.254.170.23",
	"[fd00:ec2::23]"
]);
const LOOPBACK_NAMES = /* @__PURE__ */ new Set(["localhost", "[::1]"]);
const LOOPBACK_V4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const ALLOWED_TEXT = "https to any host, or plain http only to 169.254.170.2, 169.254.170.23, [fd00:ec2::23], localhost, 127.0.0.0/8 or [::1]";
/** Is this URL allowed without a connection? `localhost` is taken by name, as the AWS SDK does (no DNS lookup). */
function isAllowedContainerUrl(url) {
	if (url.protocol === "https:") return true;
	if (url.protocol !== "http:") return false;
	return AGENT_HOSTS.has(url.hostname) || LOOPBACK_NAMES.has(url.hostname) || LOOPBACK_V4.test(url.hostname);
}
/** The URL to call; undefined when neither variable is set (empty counts as unset, as in the SDK). Throws when it is invalid or not allowed. */
function containerTarget(env, sourceName) {
	const relative = env[RELATIVE_URI_VARIABLE];
	const full = env[FULL_URI_VARIABLE];
	let target;
	if (relative) target = {
		url: parse(ECS_AGENT_ORIGIN + relative, RELATIVE_URI_VARIABLE, sourceName),
		variable: RELATIVE_URI_VARIABLE
	};
	else if (full) target = {
		url: parse(full, FULL_URI_VARIABLE, sourceName),
		variable: FULL_URI_VARIABLE
	};
	else return void 0;
	if (!isAllowedContainerUrl(target.url)) throw new BrokenSourceError(sourceName, `${target.variable} points at ${safeUrl(target.url)}, which is not allowed (no connection was made)`, {
		fix: `Allowed: ${ALLOWED_TEXT}. Use the address your platform sets, or https`,
		code: "url-not-allowed"
	});
	return target;
}
function parse(text, variable, sourceName) {
	try {
		return new URL(text);
	} catch {
		throw new BrokenSourceError(sourceName, `${variable} is not a valid URL (a full URL with a host is required, e.g. http://169.254.170.23/v1/credentials)`, {
			fix: variable === "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI" ? "Set it to a path such as /v2/credentials/<id>, or unset it" : "Set it to the full URL your platform gives, or unset it",
			code: "invalid-url"
		});
	}
}
// dist/metadata/reply.js
const REQUIRED = [
	"AccessKeyId",
	"SecretAccessKey",
	"Token",
	"Expiration"
];
/**
* Parses a 200 reply. `what` names the endpoint (URL without query) for messages. The body holds
* secrets, so no message ever quotes it — not even JSON.parse's error, which can echo a snippet.
*/
function parseMetadataCredentials(body, what, sourceName, fix) {
	let document;
	try {
		document = JSON.parse(body);
	} catch {
		throw new BrokenSourceError(sourceName, `${what} answered 200 with a body that is not JSON`, {
			fix,
			code: "malformed-reply"
		});
	}
	if (!document || typeof document !== "object" || Array.isArray(document)) throw new BrokenSourceError(sourceName, `${what} answered 200 with JSON that is not an object`, {
		fix,
		code: "malformed-reply"
	});
	const fields = document;
	if (fields.Code !== void 0 && fields.Code !== "Success") {
		const message = typeof fields.Message === "string" && fields.Message ? `: ${fields.Message}` : "";
		throw new BrokenSourceError(sourceName, `${what} answered Code ${String(fields.Code)}${message}`, {
			fix,
			code: String(fields.Code)
		});
	}
	const missing = REQUIRED.filter((name) => typeof fields[name] !== "string" || fields[name] === "");
	if (missing.length > 0) throw new BrokenSourceError(sourceName, `${what} answered 200 without ${missing.join(", ")} (a string is required)`, {
		fix,
		code: "malformed-reply"
	});
	const expiration = parseTimestamp(fields.Expiration);
	if (!expiration) throw new BrokenSourceError(sourceName, `${what} answered an Expiration that is not a date: "${String(fields.Expiration).slice(0, 40)}"`, {
		fix,
		code: "malformed-reply"
	});
	const credentials = {
		accessKeyId: fields.AccessKeyId,
		secretAccessKey: fields.SecretAccessKey,
		sessionToken: fields.Token,
		expiration
	};
	if (typeof fields.AccountId === "string" && fields.AccountId) credentials.accountId = fields.AccountId;
	return credentials;
}
// dist/metadata/retry.js
const METADATA_TIMEOUT_MS = 1e3;
const BACKOFF_BASE_MS = 100;
const BACKOFF_CAP_MS = 1e3;
/** 100, 200, 400 … ms, capped at 1 s: short, because a chain waits on this before its first connection. */
function backoffMs(retry) {
	return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** retry);
}
/**
* Sends `build()` (called again for every attempt, so a rotating token file is re-read) until the
* answer is not retryable or the retries are spent. Returns the last response (any status) or the
* last network failure; anything else `build` or `request` throws propagates.
*/
async function exchangeWithRetries(context, build, policy) {
	for (let retry = 0;; retry++) {
		const attempts = retry + 1;
		let outcome;
		try {
			const response = await context.request(await build());
			outcome = {
				ok: true,
				response,
				attempts
			};
			if (!policy.retryStatus(response.status)) return outcome;
		} catch (error) {
			if (!(error instanceof NetworkError)) throw error;
			outcome = {
				ok: false,
				error,
				attempts
			};
			if (!policy.retryNetwork(error)) return outcome;
		}
		if (retry >= policy.maxRetries) return outcome;
		await context.sleep(backoffMs(retry));
	}
}
export { RELATIVE_URI_VARIABLE as a, FULL_URI_VARIABLE as i, exchangeWithRetries as n, containerTarget as o, parseMetadataCredentials as r, METADATA_TIMEOUT_MS as t };
