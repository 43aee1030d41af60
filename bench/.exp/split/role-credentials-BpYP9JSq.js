import { n as NetworkError, o as redact, t as BrokenSourceError } from "./errors-DljhmaUc.js";
import { n as resolveHomeDir } from "./locate-CYLTB6vG.js";
import { n as makeCredentials } from "./credentials-Dd52m27b.js";
import { n as SSO_PORTAL_SERVICE, s as resolveServiceEndpoint, t as SSO_OIDC_SERVICE } from "./endpoint-B-8IumqP.js";
import { posix, win32 } from "node:path";
import { createHash } from "node:crypto";
/** Per attempt: connect, headers and body. */
const SSO_REQUEST_TIMEOUT_MS = 1e4;
const BACKOFF_BASE_MS = 100;
function isRetryableStatus(status) {
	return status >= 500 || status === 429;
}
/**
* Sends the request, retrying transient failures with exponential backoff (100 ms, 200 ms). Returns the
* last response (which may be an error status) or throws the last NetworkError.
*/
async function sendWithRetry(context, request) {
	for (let attempt = 1;; attempt++) {
		try {
			const response = await context.request({
				...request,
				timeoutMs: SSO_REQUEST_TIMEOUT_MS
			});
			if (!isRetryableStatus(response.status) || attempt >= 3) return response;
		} catch (error) {
			if (!(error instanceof NetworkError) || attempt >= 3) throw error;
		}
		await context.sleep(BACKOFF_BASE_MS * 2 ** (attempt - 1));
	}
}
/** Reads the error code and message of an AWS JSON (rest-json) error reply. Never throws. */
function parseAwsJsonError(response) {
	let body = {};
	try {
		const parsed = JSON.parse(response.body);
		if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) body = parsed;
	} catch {}
	const text = (value) => typeof value === "string" && value.trim() !== "" ? value.trim() : void 0;
	const code = (text(response.headers["x-amzn-errortype"]) ?? text(body.__type) ?? text(body.code) ?? text(body.error))?.split(":")[0].split("#").pop();
	const message = text(body.message) ?? text(body.Message) ?? text(body.error_description);
	const error = {};
	if (code) error.code = code;
	if (message) error.message = message.length > 300 ? `${message.slice(0, 300)}…` : message;
	return error;
}
/** `code: message` or `HTTP 503`, for error messages. */
function describeAwsJsonError(response, error) {
	const head = error.code ? `${error.code} (HTTP ${response.status})` : `HTTP ${response.status}`;
	return error.message ? `${head}: ${error.message}` : head;
}
// dist/sso/endpoint.js
async function resolveSsoEndpoint(input, service, region, sourceName) {
	const config = await input.loadConfig().catch(() => void 0);
	return resolveServiceEndpoint({
		env: input.context.env,
		config,
		profileName: input.profileName,
		sourceName
	}, service === "SSO" ? SSO_PORTAL_SERVICE : SSO_OIDC_SERVICE, region, "sso_region");
}
// dist/sso/token-cache.js
/** sha1 of the sso-session name (sso-session profiles) or of the start URL (legacy profiles). */
function ssoTokenCacheKey(cacheId) {
	return createHash("sha1").update(cacheId).digest("hex");
}
function ssoTokenCachePath(context, cacheId) {
	return (context.platform === "win32" ? win32 : posix).join(resolveHomeDir(context), ".aws", "sso", "cache", `${ssoTokenCacheKey(cacheId)}.json`);
}
/**
* Reads and checks a cached token. A missing, unreadable or malformed file is a broken source: the
* profile says SSO, so falling through to another identity would be wrong. `loginFix` says how to
* get a new token. Parse errors are not quoted: V8 puts a slice of the input (the token) in them.
*/
async function readSsoToken(context, path, sourceName, loginFix) {
	let text;
	try {
		text = await context.readFile(path);
	} catch (error) {
		throw new BrokenSourceError(sourceName, `the SSO token cache file ${path} cannot be read (${error.code ?? "read error"})`, {
			fix: `Check its permissions, or ${loginFix}`,
			cause: error
		});
	}
	if (text === void 0) throw new BrokenSourceError(sourceName, `no SSO token found: the cache file ${path} does not exist`, { fix: `Log in first: ${loginFix}` });
	const malformed = (what) => new BrokenSourceError(sourceName, `the SSO token cache file ${path} ${what}`, { fix: `Delete it and ${loginFix}` });
	let parsed;
	try {
		parsed = JSON.parse(text);
	} catch {
		throw malformed("is not valid JSON");
	}
	if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw malformed("does not hold a JSON object");
	const fields = parsed;
	const accessToken = fields.accessToken;
	if (typeof accessToken !== "string" || accessToken === "") throw malformed("has no accessToken");
	if (typeof fields.expiresAt !== "string") throw malformed("has no expiresAt");
	const expiresAt = new Date(fields.expiresAt);
	if (Number.isNaN(expiresAt.getTime())) throw malformed("has an expiresAt that is not a date");
	const token = {
		accessToken,
		expiresAt,
		fields
	};
	for (const key of [
		"refreshToken",
		"clientId",
		"clientSecret",
		"region",
		"startUrl"
	]) {
		const value = fields[key];
		if (typeof value === "string" && value !== "") token[key] = value;
	}
	return token;
}
/** The AWS CLI's timestamp format (no milliseconds), which the CLI and every SDK parse. */
function cacheTimestamp(date) {
	return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
/**
* Writes a refreshed token over the cache file: temp file + rename (a crash leaves the old file, never
* half a new one), mode 0600 (it holds bearer tokens). Fields we do not interpret are kept.
*/
async function writeSsoToken(context, path, previous, next) {
	const contents = {
		...previous.fields,
		accessToken: next.accessToken,
		expiresAt: cacheTimestamp(next.expiresAt)
	};
	const refreshToken = next.refreshToken ?? previous.refreshToken;
	if (refreshToken) contents.refreshToken = refreshToken;
	await context.writeFileAtomic(path, JSON.stringify(contents, null, 2), 384);
}
/** A session's token is refreshed at most once per this interval, successful or not (the SDK's rule). */
const SSO_REFRESH_THROTTLE_MS = 3e4;
/**
* Refresh bookkeeping per machine and session. Keyed by the context's env record: every provider on
* the real machine shares process.env (so the throttle is per process, as in the SDK), while each
* synthetic test machine has its own record (so tests never see each other's state).
*/
const sessionsByMachine = /* @__PURE__ */ new WeakMap();
function sessionState(context, session) {
	let sessions = sessionsByMachine.get(context.env);
	if (!sessions) sessionsByMachine.set(context.env, sessions = /* @__PURE__ */ new Map());
	let state = sessions.get(session);
	if (!state) sessions.set(session, state = {});
	return state;
}
/** What to tell the user to run when the token is missing or expired. */
function ssoLoginFix(base) {
	if (base.ssoSession) return `run \`aws sso login --profile ${base.profile}\` (or \`aws sso login --sso-session ${base.ssoSession}\`)`;
	return `run \`aws sso login --profile ${base.profile}\``;
}
/** For the explicit sso* options there is no profile to name. */
function explicitSsoLoginFix(base) {
	if (base.ssoSession) return `run \`aws sso login --sso-session ${base.ssoSession}\``;
	return `run \`aws sso login\` with a profile whose sso_start_url is ${base.ssoStartUrl}`;
}
async function getSsoAccessToken(input, base, sourceName, fix = ssoLoginFix(base)) {
	const { context } = input;
	if (!base.ssoSession) {
		const path = ssoTokenCachePath(context, base.ssoStartUrl);
		const token = await readSsoToken(context, path, sourceName, fix);
		input.note(`SSO token from ${path} (legacy profile, start URL ${base.ssoStartUrl})`);
		if (token.expiresAt.getTime() <= context.now()) throw new BrokenSourceError(sourceName, `the SSO token for ${base.ssoStartUrl} (${path}) expired at ${token.expiresAt.toISOString()}`, {
			fix: `Log in again: ${fix}`,
			code: "ExpiredToken"
		});
		return accessTokenOf(token);
	}
	const session = base.ssoSession;
	const state = sessionState(context, session);
	if (state.inflight) return state.inflight;
	const path = ssoTokenCachePath(context, session);
	const token = await readSsoToken(context, path, sourceName, fix);
	input.note(`SSO token from ${path} (sso-session "${session}")`);
	const left = token.expiresAt.getTime() - context.now();
	if (left > 3e5) return accessTokenOf(token);
	if (state.inflight) return state.inflight;
	const expiredError = (why) => new BrokenSourceError(sourceName, `the SSO token of sso-session "${session}" (${path}) expired at ${token.expiresAt.toISOString()} and ${why}`, {
		fix: `Log in again: ${fix}`,
		code: "ExpiredToken"
	});
	if (state.lastAttempt !== void 0 && context.now() - state.lastAttempt < 3e4) {
		if (left <= 0) throw expiredError(`a refresh was already tried less than ${SSO_REFRESH_THROTTLE_MS / 1e3} s ago`);
		input.note(`SSO token expires at ${token.expiresAt.toISOString()}; not refreshing again within ${SSO_REFRESH_THROTTLE_MS / 1e3} s of the last try`);
		return accessTokenOf(token);
	}
	state.lastAttempt = context.now();
	const refresh = refreshAndStore(input, base, session, path, token, sourceName).catch((error) => {
		const why = refreshFailure(error);
		if (token.expiresAt.getTime() <= context.now()) throw expiredError(`refreshing it failed (${why})`);
		const warning = `credchain: refreshing the SSO token of sso-session "${session}" failed (${why}); using the cached token until it expires at ${token.expiresAt.toISOString()}`;
		input.note(warning);
		context.logger.warn?.(warning);
		return accessTokenOf(token);
	}).finally(() => {
		state.inflight = void 0;
	});
	state.inflight = refresh;
	return refresh;
}
/** Only what the portal call needs: the refresh token and client secret stay in this module. */
function accessTokenOf(token) {
	return {
		accessToken: token.accessToken,
		expiresAt: token.expiresAt
	};
}
async function refreshAndStore(input, base, session, path, token, sourceName) {
	const { context } = input;
	const { clientId, clientSecret, refreshToken } = token;
	if (!clientId || !clientSecret || !refreshToken) {
		const missing = [
			!clientId && "clientId",
			!clientSecret && "clientSecret",
			!refreshToken && "refreshToken"
		].filter(Boolean).join(", ");
		throw new BrokenSourceError(sourceName, `the cached token has no ${missing}, so it cannot be refreshed`);
	}
	const { createSsoToken } = await import("./oidc-Bl5_5XQD.js");
	const fresh = await createSsoToken(input, {
		region: base.ssoRegion,
		clientId,
		clientSecret,
		refreshToken
	}, sourceName);
	const expiresAt = new Date(context.now() + fresh.expiresInSeconds * 1e3);
	input.note(`refreshed the SSO token of sso-session "${session}" through SSO-OIDC; it expires at ${expiresAt.toISOString()}`);
	try {
		await writeSsoToken(context, path, token, {
			accessToken: fresh.accessToken,
			expiresAt,
			refreshToken: fresh.refreshToken
		});
	} catch (error) {
		const warning = `credchain: could not write the refreshed SSO token to ${path} (${error.code ?? "write error"}); using it for this process only`;
		input.note(warning);
		context.logger.warn?.(warning);
	}
	return {
		accessToken: fresh.accessToken,
		expiresAt
	};
}
/** Why a refresh failed, without a token: our own errors are token-free; anything else shows only its type. */
function refreshFailure(error) {
	if (error instanceof BrokenSourceError) return error.problem;
	return `unexpected ${error instanceof Error ? error.name : "error"}`;
}
// dist/sso/portal.js
async function getRoleCredentials(input, request, sourceName) {
	const endpoint = await resolveSsoEndpoint(input, "SSO", request.region, sourceName);
	const where = `${endpoint.url}/federation/credentials`;
	const query = new URLSearchParams({
		account_id: request.accountId,
		role_name: request.roleName
	});
	const what = `SSO GetRoleCredentials for account ${request.accountId} role ${request.roleName}`;
	input.note(`${what} at ${where} (${endpoint.from})`);
	let response;
	try {
		response = await sendWithRetry(input.context, {
			method: "GET",
			url: `${where}?${query.toString()}`,
			headers: { "x-amz-sso_bearer_token": request.accessToken }
		});
	} catch (error) {
		if (error instanceof NetworkError) throw new BrokenSourceError(sourceName, `${what}: ${error.message}`, {
			code: error.code,
			cause: error
		});
		throw error;
	}
	if (response.status !== 200) {
		const error = parseAwsJsonError(response);
		const detail = redact(describeAwsJsonError(response, error), [request.accessToken]);
		const code = error.code ?? `HTTP${response.status}`;
		if (response.status === 401 || response.status === 403) throw new BrokenSourceError(sourceName, `${what} was refused at ${where}: ${detail}`, {
			fix: `The SSO session may have ended or the role may not be assigned to you; ${request.loginFix}`,
			code
		});
		throw new BrokenSourceError(sourceName, `${what} failed at ${where}: ${detail}`, { code });
	}
	const roleCredentials = parseRoleCredentials(response.body);
	if (!roleCredentials) throw new BrokenSourceError(sourceName, `${what} at ${where} answered without usable credentials (accessKeyId, secretAccessKey, sessionToken, expiration)`);
	return makeCredentials({
		...roleCredentials,
		accountId: request.accountId,
		source: sourceName
	});
}
function parseRoleCredentials(text) {
	let parsed;
	try {
		parsed = JSON.parse(text);
	} catch {
		return;
	}
	const role = parsed?.roleCredentials;
	if (!role || typeof role !== "object") return void 0;
	const { accessKeyId, secretAccessKey, sessionToken, expiration } = role;
	if (typeof accessKeyId !== "string" || !accessKeyId || typeof secretAccessKey !== "string" || !secretAccessKey) return void 0;
	if (typeof sessionToken !== "string" || !sessionToken || typeof expiration !== "number") return void 0;
	const expirationDate = new Date(expiration);
	if (Number.isNaN(expirationDate.getTime())) return void 0;
	return {
		accessKeyId,
		secretAccessKey,
		sessionToken,
		expiration: expirationDate
	};
}
// dist/sso/role-credentials.js
/** `from` decides the login hint: a profile to name, or the explicit sso* options (no profile). */
async function ssoRoleCredentials(input, base, sourceName, from = "profile") {
	const loginFix = from === "profile" ? ssoLoginFix(base) : explicitSsoLoginFix(base);
	const token = await getSsoAccessToken(input, base, sourceName, loginFix);
	return getRoleCredentials(input, {
		region: base.ssoRegion,
		accountId: base.ssoAccountId,
		roleName: base.ssoRoleName,
		accessToken: token.accessToken,
		loginFix
	}, sourceName);
}
export { sendWithRetry as i, describeAwsJsonError as n, parseAwsJsonError as r, ssoRoleCredentials, resolveSsoEndpoint as t };
