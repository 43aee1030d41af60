import { loadConfigFor } from "./load-BobxOMHQ.js";
import { n as makeCredentials } from "./credentials-Dd52m27b.js";
import { a as maskKeyId, r as NotConfiguredError, t as BrokenSourceError } from "./errors-DljhmaUc.js";
import { a as RELATIVE_URI_VARIABLE, i as FULL_URI_VARIABLE, n as exchangeWithRetries, r as parseMetadataCredentials } from "./retry-CvK2-LOb.js";
import { o as profileString } from "./endpoint-B-8IumqP.js";
// dist/metadata/imds-client.js
const TOKEN_PATH = "/latest/api/token";
const CREDENTIALS_PATH = "/latest/meta-data/iam/security-credentials/";
const TOKEN_TTL_SECONDS = 21600;
const TOKEN_TTL_HEADER = "x-aws-ec2-metadata-token-ttl-seconds";
const TOKEN_HEADER = "x-aws-ec2-metadata-token";
const TOKEN_STATE = "imds:token";
const V1_STATE = "imds:v1-only";
/** An IMDS GET answered 401: the token ended or was revoked (or v1 was switched off). */
var SessionRejected = class extends Error {};
const OFF_EC2_FIX = "Not running on EC2? Set AWS_EC2_METADATA_DISABLED=true to skip IMDS, or configure another credential source";
async function fetchImdsCredentials(call) {
	let session = await openSession(call);
	for (let renewed = false;; renewed = true) try {
		const role = await getRoleName(call, session);
		return {
			...await getRoleCredentials(call, session, role),
			role
		};
	} catch (error) {
		if (!(error instanceof SessionRejected)) throw error;
		if (renewed) throw broken(call, session.token === void 0 ? `IMDS at ${call.settings.origin} refused the IMDSv1 request (401 Unauthorized): the instance requires IMDSv2, but the token request did not succeed` : `IMDS at ${call.settings.origin} answered 401 Unauthorized even with a new session token`, "HTTP401", "Check the instance metadata options (in a container, http-put-response-hop-limit must be 2 or more)");
		call.state.delete(TOKEN_STATE);
		call.state.delete(V1_STATE);
		call.note("IMDS answered 401 Unauthorized: opening a new session");
		session = await openSession(call);
	}
}
async function openSession(call) {
	const { context, state, settings } = call;
	const stored = state.get(TOKEN_STATE);
	if (stored && stored.origin === settings.origin && context.now() < stored.expiresAt - 6e4) {
		call.note("IMDSv2 session token reused");
		return { token: stored.value };
	}
	if (state.get(V1_STATE) === settings.origin) return fallBackToV1(call, "was refused earlier");
	const exchange = await send(call, {
		method: "PUT",
		url: settings.origin + TOKEN_PATH,
		headers: { [TOKEN_TTL_HEADER]: String(TOKEN_TTL_SECONDS) },
		timeoutMs: settings.timeoutMs
	});
	const what = `the IMDSv2 token request (PUT ${settings.origin}${TOKEN_PATH})`;
	if (!exchange.ok) {
		if (exchange.error.code === "timeout") {
			state.set(V1_STATE, settings.origin);
			return fallBackToV1(call, `timed out after ${settings.timeoutMs} ms`);
		}
		throw notAnswering(call, exchange.error);
	}
	const { status, body, headers } = exchange.response;
	if (status === 200) {
		if (body === "") throw broken(call, `${what} answered 200 with an empty token`, "malformed-reply");
		const ttl = Number(headers[TOKEN_TTL_HEADER]);
		const ttlSeconds = Number.isInteger(ttl) && ttl > 0 && ttl <= 21600 ? ttl : TOKEN_TTL_SECONDS;
		state.set(TOKEN_STATE, {
			origin: settings.origin,
			value: body,
			expiresAt: context.now() + ttlSeconds * 1e3
		});
		call.note(`IMDSv2 session token obtained from ${settings.origin} (${settings.from})`);
		return { token: body };
	}
	if (status === 403 || status === 404 || status === 405) {
		state.set(V1_STATE, settings.origin);
		return fallBackToV1(call, `answered HTTP ${status}`);
	}
	if (status === 400) throw broken(call, `${what} was refused with 400 Bad Request`, "HTTP400", "Check that nothing between this process and IMDS (a proxy) rewrites the request");
	throw broken(call, `${what} answered HTTP ${status}${attemptsText(exchange)}`, `HTTP${status}`);
}
function fallBackToV1(call, why) {
	const { disabled, by } = call.settings.v1Disabled;
	if (disabled) throw broken(call, `the IMDSv2 token request to ${call.settings.origin} ${why}, and the IMDSv1 fallback is disabled by ${by}`, "v1-disabled", "Check the instance metadata options (in a container, http-put-response-hop-limit must be 2 or more), or allow IMDSv1");
	call.note(`IMDSv1 (no session token): the token request ${why}`);
	return {};
}
async function getRoleName(call, session) {
	const role = (await get(call, session, CREDENTIALS_PATH, "Attach an IAM role (instance profile) to this instance")).split("\n")[0].trim();
	if (!role) throw broken(call, `IMDS at ${call.settings.origin} lists no IAM role for this instance`, "no-role", "Attach an IAM role (instance profile) to this instance");
	return role;
}
async function getRoleCredentials(call, session, role) {
	const path = CREDENTIALS_PATH + encodeURIComponent(role);
	const body = await get(call, session, path, `Check the instance profile of this instance (role "${role}")`);
	return parseMetadataCredentials(body, `IMDS at ${call.settings.origin}${path}`, call.sourceName, `Check the instance profile of this instance (role "${role}")`);
}
async function get(call, session, path, notFoundFix) {
	const headers = {};
	if (session.token !== void 0) headers[TOKEN_HEADER] = session.token;
	const exchange = await send(call, {
		method: "GET",
		url: call.settings.origin + path,
		headers,
		timeoutMs: call.settings.timeoutMs
	});
	if (!exchange.ok) throw notAnswering(call, exchange.error);
	const { status, body } = exchange.response;
	if (status === 200) return body;
	if (status === 401) throw new SessionRejected();
	const what = `IMDS at ${call.settings.origin}${path}`;
	if (status === 404) throw broken(call, `${what} answered 404 Not Found`, "HTTP404", notFoundFix);
	throw broken(call, `${what} answered HTTP ${status}${attemptsText(exchange)}`, `HTTP${status}`);
}
/** 5xx answers and dropped connections are retried; a refusal or a timeout is not (SPEC §10). */
function send(call, request) {
	return exchangeWithRetries(call.context, async () => request, {
		maxRetries: call.settings.maxRetries,
		retryStatus: (status) => status >= 500,
		retryNetwork: (error) => error.code === "reset"
	});
}
function notAnswering(call, error) {
	const { origin, from, timeoutMs } = call.settings;
	const detail = error.code === "timeout" ? `no answer within ${timeoutMs} ms` : error.detail;
	return new BrokenSourceError(call.sourceName, `IMDS did not answer at ${origin} (${from}): ${detail}`, {
		fix: OFF_EC2_FIX,
		code: error.code,
		cause: error
	});
}
function broken(call, problem, code, fix) {
	return new BrokenSourceError(call.sourceName, problem, {
		code,
		...fix ? { fix } : {}
	});
}
function attemptsText(exchange) {
	return exchange.attempts > 1 ? ` (${exchange.attempts} attempts)` : "";
}
// dist/metadata/imds-endpoint.js
const IMDS_IPV4_ORIGIN = "http://169.254.169.254";
const IMDS_IPV6_ORIGIN = "http://[fd00:ec2::254]";
const ENDPOINT_VARIABLE = "AWS_EC2_METADATA_SERVICE_ENDPOINT";
const MODE_VARIABLE = "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE";
const V1_DISABLED_VARIABLE = "AWS_EC2_METADATA_V1_DISABLED";
const ENDPOINT_KEY = "ec2_metadata_service_endpoint";
const MODE_KEY = "ec2_metadata_service_endpoint_mode";
const V1_DISABLED_KEY = "ec2_metadata_v1_disabled";
/** True when the endpoint is set in the environment, so the profile does not matter for it. */
function endpointFromEnvironment(env) {
	return Boolean(env[ENDPOINT_VARIABLE]);
}
function resolveImdsEndpoint(env, profile, profileName, sourceName) {
	const envEndpoint = env[ENDPOINT_VARIABLE];
	if (envEndpoint) return {
		origin: originOf(envEndpoint, ENDPOINT_VARIABLE, sourceName),
		from: ENDPOINT_VARIABLE
	};
	const profileEndpoint = profileString(profile, ENDPOINT_KEY);
	const inProfile = `${ENDPOINT_KEY} in profile "${profileName}"`;
	if (profileEndpoint) return {
		origin: originOf(profileEndpoint, inProfile, sourceName),
		from: inProfile
	};
	const envMode = env[MODE_VARIABLE];
	const profileMode = profileString(profile, MODE_KEY);
	const [mode, modeFrom] = envMode ? [envMode, MODE_VARIABLE] : profileMode ? [profileMode, `${MODE_KEY} in profile "${profileName}"`] : ["IPv4", "the default"];
	if (mode === "IPv4") return {
		origin: IMDS_IPV4_ORIGIN,
		from: `endpoint mode IPv4 (${modeFrom})`
	};
	if (mode === "IPv6") return {
		origin: IMDS_IPV6_ORIGIN,
		from: `endpoint mode IPv6 (${modeFrom})`
	};
	throw new BrokenSourceError(sourceName, `${modeFrom} is "${mode}", which is not a valid IMDS endpoint mode`, {
		fix: "Set it to IPv4 or IPv6 (exactly so), or remove it",
		code: "invalid-endpoint-mode"
	});
}
/**
* Whether IMDSv1 fallback is blocked, and by what. As in the SDK, any value but `false` blocks it,
* and a set variable (even `false`) decides alone.
*/
function imdsV1Disabled(env, profile, profileName) {
	const envValue = env[V1_DISABLED_VARIABLE];
	if (envValue !== void 0) return envValue && envValue !== "false" ? {
		disabled: true,
		by: V1_DISABLED_VARIABLE
	} : { disabled: false };
	const profileValue = profileString(profile, V1_DISABLED_KEY);
	if (profileValue && profileValue !== "false") return {
		disabled: true,
		by: `${V1_DISABLED_KEY} in profile "${profileName}"`
	};
	return { disabled: false };
}
function originOf(text, from, sourceName) {
	let url;
	try {
		url = new URL(text);
	} catch {
		url = void 0;
	}
	if (!url || url.protocol !== "http:" && url.protocol !== "https:" || !url.host) throw new BrokenSourceError(sourceName, `${from} is "${text.slice(0, 200)}", which is not an http(s) URL`, {
		fix: "Set it to a URL such as http://169.254.169.254, or remove it",
		code: "invalid-endpoint"
	});
	return url.origin;
}
// dist/providers/imds.js
const SOURCE = "imds";
const DISABLED_VARIABLE = "AWS_EC2_METADATA_DISABLED";
/** Static stability: served-again credentials get 5 minutes plus up to 5 minutes of jitter (as in the SDK). */
const EXTENSION_MIN_MS = 3e5;
const EXTENSION_JITTER_MS = 3e5;
const source = {
	name: SOURCE,
	async resolve(input) {
		const env = input.context.env;
		const container = [RELATIVE_URI_VARIABLE, FULL_URI_VARIABLE].find((name) => env[name]);
		if (container) throw new NotConfiguredError(SOURCE, `container credentials are configured (${container}), so IMDS is not used`, { skipped: true });
		const disabled = env[DISABLED_VARIABLE];
		if (disabled && disabled !== "false") throw new NotConfiguredError(SOURCE, `${DISABLED_VARIABLE} is set (to "${disabled.slice(0, 20)}")`, { skipped: true });
		const settings = await imdsSettings(input, SOURCE);
		try {
			return await withStaticStability(input, settings, SOURCE);
		} catch (error) {
			if (!(error instanceof BrokenSourceError)) throw error;
			throw new NotConfiguredError(SOURCE, error.fix ? `${error.problem}. ${error.fix}` : error.problem);
		}
	}
};
/** For `credential_source = Ec2InstanceMetadata`: every failure stops the chain. */
async function fromInstanceMetadata(input, sourceName) {
	return withStaticStability(input, await imdsSettings(input, sourceName), sourceName);
}
async function imdsSettings(input, sourceName) {
	const env = input.context.env;
	const needsProfile = !endpointFromEnvironment(env) || env["AWS_EC2_METADATA_V1_DISABLED"] === void 0;
	let profile;
	if (needsProfile) profile = (await loadConfigFor(input, sourceName)).profiles[input.profileName];
	return {
		...resolveImdsEndpoint(env, profile, input.profileName, sourceName),
		timeoutMs: input.options.timeout ?? 1e3,
		maxRetries: input.options.maxRetries ?? 3,
		v1Disabled: imdsV1Disabled(env, profile, input.profileName)
	};
}
/**
* Static stability (SPEC §10): when a refresh fails but credentials were served before, or IMDS hands
* out credentials that already expired (it keeps serving them during an outage of its own), they are
* served again with the expiration pushed 5–10 minutes out, and a warning says so.
*/
async function withStaticStability(input, settings, sourceName) {
	const { context, state } = input;
	const lastKey = `imds:last-credentials:${sourceName}`;
	let credentials;
	try {
		const fetched = await fetchImdsCredentials({
			context,
			state,
			note: input.note,
			sourceName,
			settings
		});
		const { role, ...fields } = fetched;
		credentials = makeCredentials({
			...fields,
			source: sourceName
		});
		input.note(`instance profile role "${role}" from ${settings.origin} (${settings.from})`);
		if (fetched.expiration.getTime() <= context.now()) credentials = extend(input, credentials, `IMDS answered credentials that expired at ${fetched.expiration.toISOString()}`);
	} catch (error) {
		const last = state.get(lastKey);
		if (!last || !(error instanceof BrokenSourceError)) throw error;
		credentials = extend(input, last, `refreshing from IMDS failed (${error.problem})`);
	}
	state.set(lastKey, credentials);
	return credentials;
}
function extend(input, credentials, why) {
	const expiration = new Date(input.context.now() + EXTENSION_MIN_MS + Math.floor(Math.random() * EXTENSION_JITTER_MS));
	const message = `${why}; serving the credentials with key ${maskKeyId(credentials.accessKeyId)} until ${expiration.toISOString()}, then trying again (static stability)`;
	input.note(message);
	input.context.logger.warn?.(`credchain: ${message}`);
	return makeCredentials({
		...credentials,
		expiration
	});
}
export { EXTENSION_JITTER_MS, EXTENSION_MIN_MS, fromInstanceMetadata, source };
