import { n as NetworkError, o as redact, t as BrokenSourceError } from "./errors-DljhmaUc.js";
import { r as parseTimestamp } from "./credentials-Dd52m27b.js";
// dist/sts/xml.js
var XmlError = class extends Error {
	name = "XmlError";
};
const NAME = /[A-Za-z_][\w.:-]*/y;
/** Parses a document with one root element. Attributes (xmlns) are read past and dropped. */
function parseXml(source) {
	let at = 0;
	const nameAt = () => {
		NAME.lastIndex = at;
		return NAME.exec(source)?.[0];
	};
	const fail = (what) => {
		throw new XmlError(`${what} at offset ${at}`);
	};
	const skipSpace = () => {
		while (at < source.length && /\s/.test(source[at])) at++;
	};
	const skipMisc = () => {
		for (;;) {
			skipSpace();
			if (source.startsWith("<?", at)) {
				const end = source.indexOf("?>", at);
				if (end < 0) fail("unterminated declaration");
				at = end + 2;
			} else if (source.startsWith("<!--", at)) {
				const end = source.indexOf("-->", at);
				if (end < 0) fail("unterminated comment");
				at = end + 3;
			} else return;
		}
	};
	const readElement = () => {
		if (source[at] !== "<") fail("expected an element");
		at++;
		const name = nameAt() ?? fail("expected an element name");
		at += name.length;
		for (;;) {
			skipSpace();
			if (source.startsWith("/>", at)) {
				at += 2;
				return {
					name,
					children: [],
					text: ""
				};
			}
			if (source[at] === ">") {
				at++;
				break;
			}
			const attribute = nameAt() ?? fail("bad attribute");
			at += attribute.length;
			skipSpace();
			if (source[at] !== "=") fail("expected =");
			at++;
			skipSpace();
			const quote = source[at];
			if (quote !== "\"" && quote !== "'") fail("expected a quoted attribute value");
			const end = source.indexOf(quote, at + 1);
			if (end < 0) fail("unterminated attribute value");
			at = end + 1;
		}
		const element = {
			name,
			children: [],
			text: ""
		};
		let text = "";
		for (;;) {
			if (at >= source.length) fail(`element <${name}> is not closed`);
			if (source.startsWith("</", at)) {
				at += 2;
				const closing = nameAt();
				if (closing !== name) fail(`</${closing ?? ""}> closes <${name}>`);
				at += name.length;
				skipSpace();
				if (source[at] !== ">") fail("expected >");
				at++;
				element.text = decodeEntities(text, fail);
				return element;
			}
			if (source.startsWith("<!--", at)) {
				const end = source.indexOf("-->", at);
				if (end < 0) fail("unterminated comment");
				at = end + 3;
			} else if (source.startsWith("<![CDATA[", at)) {
				const end = source.indexOf("]]>", at);
				if (end < 0) fail("unterminated CDATA");
				text += source.slice(at + 9, end).replace(/&/g, "&amp;").replace(/</g, "&lt;");
				at = end + 3;
			} else if (source.startsWith("<!", at) || source.startsWith("<?", at)) fail("declarations are not allowed inside elements");
			else if (source[at] === "<") element.children.push(readElement());
			else {
				const next = source.indexOf("<", at);
				const end = next < 0 ? source.length : next;
				text += source.slice(at, end);
				at = end;
			}
		}
	};
	skipMisc();
	if (source.startsWith("<!", at)) fail("DOCTYPE and other declarations are not allowed");
	const root = readElement();
	skipMisc();
	if (at !== source.length) fail("content after the root element");
	return root;
}
function decodeEntities(text, fail) {
	return text.replace(/&([^;\s&<]*);|&/g, (match, entity) => {
		if (entity === void 0) return fail("bare & in text");
		switch (entity) {
			case "amp": return "&";
			case "lt": return "<";
			case "gt": return ">";
			case "quot": return "\"";
			case "apos": return "'";
		}
		const code = /^#x([0-9a-f]+)$/i.exec(entity)?.[1] ? parseInt(entity.slice(2), 16) : /^#(\d+)$/.test(entity) ? parseInt(entity.slice(1), 10) : NaN;
		if (!Number.isInteger(code) || code > 1114111) return fail(`unknown entity ${match}`);
		return String.fromCodePoint(code);
	});
}
/** The one child with this name; undefined when absent. Two of them is a malformed reply. */
function child(element, name) {
	if (!element) return void 0;
	const found = element.children.filter((c) => c.name === name);
	if (found.length > 1) throw new XmlError(`<${name}> appears ${found.length} times in <${element.name}>`);
	return found[0];
}
/** Follows a path of child names from an element. */
function path(element, ...names) {
	let current = element;
	for (const name of names) current = child(current, name);
	return current;
}
/** The trimmed text of the element at a path, or undefined when absent or empty. */
function textAt(element, ...names) {
	const text = path(element, ...names)?.text.trim();
	return text ? text : void 0;
}
// dist/sts/reply.js
/** Thrown when a 2xx body is not the reply we expect; the caller turns it into a broken-source error. */
var MalformedReplyError = class extends Error {
	name = "MalformedReplyError";
};
function parseRoot(body, expected) {
	let root;
	try {
		root = parseXml(body);
	} catch (error) {
		throw new MalformedReplyError(`the reply is not well-formed XML (${error.message})`);
	}
	if (root.name !== expected) throw new MalformedReplyError(`the reply is <${root.name}>, expected <${expected}>`);
	return root;
}
function parseCredentialsReply(action, body) {
	const root = parseRoot(body, `${action}Response`);
	const result = wrap(() => path(root, `${action}Result`));
	if (!result) throw new MalformedReplyError(`the reply has no <${action}Result>`);
	const get = (...names) => wrap(() => textAt(result, ...names));
	const accessKeyId = get("Credentials", "AccessKeyId");
	const secretAccessKey = get("Credentials", "SecretAccessKey");
	const sessionToken = get("Credentials", "SessionToken");
	const expirationText = get("Credentials", "Expiration");
	const missing = [
		!accessKeyId && "AccessKeyId",
		!secretAccessKey && "SecretAccessKey",
		!sessionToken && "SessionToken",
		!expirationText && "Expiration"
	].filter(Boolean);
	if (missing.length > 0) throw new MalformedReplyError(`the reply lacks Credentials ${missing.join(", ")}`);
	const expiration = parseTimestamp(expirationText);
	if (!expiration) throw new MalformedReplyError("the reply has an Expiration that is not a date");
	const reply = {
		accessKeyId,
		secretAccessKey,
		sessionToken,
		expiration
	};
	const scope = get("Credentials", "CredentialScope");
	if (scope) reply.credentialScope = scope;
	const arn = get("AssumedRoleUser", "Arn");
	if (arn) {
		reply.assumedRoleArn = arn;
		const accountId = accountIdFromArn(arn);
		if (accountId) reply.accountId = accountId;
	}
	return reply;
}
function parseCallerIdentityReply(body) {
	const root = parseRoot(body, "GetCallerIdentityResponse");
	const get = (name) => wrap(() => textAt(root, "GetCallerIdentityResult", name));
	const [account, arn, userId] = [
		get("Account"),
		get("Arn"),
		get("UserId")
	];
	if (!account || !arn || !userId) throw new MalformedReplyError(`the reply lacks ${[
		!account && "Account",
		!arn && "Arn",
		!userId && "UserId"
	].filter(Boolean).join(", ")}`);
	return {
		account,
		arn,
		userId
	};
}
/** The account id: the fifth field of an ARN (`arn:aws:sts::123456789012:assumed-role/…`), as the SDK reads it. */
function accountIdFromArn(arn) {
	const parts = arn.split(":");
	return parts.length > 4 && parts[4] !== "" ? parts[4] : void 0;
}
/** The Code/Message of an `<ErrorResponse>` (or a bare `<Error>`); undefined when the body is not one. */
function parseErrorReply(body) {
	let root;
	try {
		root = parseXml(body);
	} catch {
		return;
	}
	const error = root.name === "Error" ? root : root.name === "ErrorResponse" ? wrapOrUndefined(() => path(root, "Error")) : void 0;
	const code = wrapOrUndefined(() => textAt(error, "Code"));
	if (!code) return void 0;
	const reply = {
		code,
		message: wrapOrUndefined(() => textAt(error, "Message")) ?? ""
	};
	const type = wrapOrUndefined(() => textAt(error, "Type"));
	if (type) reply.type = type;
	const requestId = wrapOrUndefined(() => textAt(root, "RequestId"));
	if (requestId) reply.requestId = requestId;
	return reply;
}
function wrap(read) {
	try {
		return read();
	} catch (error) {
		throw new MalformedReplyError(`the reply is malformed: ${error.message}`);
	}
}
function wrapOrUndefined(read) {
	try {
		return read();
	} catch {
		return;
	}
}
/** Codes that mean "slow down", as the SDK's retry strategy lists them. */
const THROTTLING_CODES = /* @__PURE__ */ new Set([
	"Throttling",
	"ThrottlingException",
	"ThrottledException",
	"RequestThrottledException",
	"TooManyRequestsException",
	"ProvisionedThroughputExceededException",
	"TransactionInProgressException",
	"RequestLimitExceeded",
	"BandwidthLimitExceeded",
	"LimitExceededException",
	"RequestThrottled",
	"SlowDown",
	"PriorRequestNotComplete",
	"EC2ThrottledException"
]);
/** Retry throttling, 5xx and IDPCommunicationError (beyond: the SDK does not retry the last two for STS). */
function isRetryableReply(status, code) {
	if (status >= 500 || status === 429) return true;
	return code !== void 0 && (THROTTLING_CODES.has(code) || code === "IDPCommunicationError");
}
/** What to do about an STS error code, in one sentence; undefined when we have nothing better than the message. */
function fixForStsError(code, facts) {
	const role = facts.roleArn ?? "the role";
	const webIdentity = facts.action === "AssumeRoleWithWebIdentity";
	switch (code) {
		case "AccessDenied": return webIdentity ? `Check the trust policy of ${role}: it must allow sts:AssumeRoleWithWebIdentity for your identity provider, with conditions (aud, sub) that match the token` : facts.action === "AssumeRole" ? `Check the trust policy of ${role} (it must trust the source identity) and that the source identity may call sts:AssumeRole on it` : "Check that the credentials may call STS";
		case "InvalidIdentityToken": return `The token in ${facts.tokenFile ?? "the web identity token file"} was rejected: check that its issuer is registered as an IAM OIDC identity provider and that the token is current`;
		case "IDPRejectedClaim": return `The identity provider's claims were rejected: check the audience and subject conditions in the trust policy of ${role}`;
		case "IDPCommunicationError": return "STS could not reach your identity provider (retried already); try again later, and check that the provider is reachable from AWS";
		case "ExpiredToken":
		case "ExpiredTokenException": return webIdentity ? `The token in ${facts.tokenFile ?? "the web identity token file"} has expired: the platform that writes it (EKS, a CI runner…) should rotate it` : "The source credentials have expired: refresh them (e.g. run `aws sso login` or export new ones) and try again";
		case "InvalidClientTokenId":
		case "UnrecognizedClientException": return "The source credentials are not valid: their access key id is unknown to AWS (deleted or deactivated key, or keys from another partition)";
		case "SignatureDoesNotMatch": return "The source credentials do not match: the secret access key does not belong to the access key id";
		case "RegionDisabledException": return `STS is not activated in ${facts.region}: activate it under IAM account settings, or use another region (AWS_REGION)`;
		case "ValidationError": return "A request parameter was rejected: check the role ARN, role_session_name (2–64 characters of [\\w+=,.@-]) and duration_seconds (at most the role's maximum session duration)";
		case "MalformedPolicyDocument":
		case "PackedPolicyTooLarge": return "The session policy was rejected: check the policy given for the session";
		default: return THROTTLING_CODES.has(code) ? "STS is throttling requests (retried already): try again later" : void 0;
	}
}
// dist/sts/client.js
const STS_API_VERSION = "2011-06-15";
/** Per attempt: connect, send, read the whole reply. */
const STS_REQUEST_TIMEOUT_MS = 5e3;
/** Retries after the first attempt (4 attempts at most). */
const STS_MAX_RETRIES = 3;
/** No retry is started once this much time has gone by since the first attempt. */
const STS_RETRY_BUDGET_MS = 15e3;
const BACKOFF_BASE_MS = 100;
const BACKOFF_CAP_MS = 5e3;
async function stsAssumeRoleWithWebIdentity(call, params) {
	const body = formBody([
		["Action", "AssumeRoleWithWebIdentity"],
		["Version", STS_API_VERSION],
		["RoleArn", params.roleArn],
		["RoleSessionName", params.roleSessionName],
		["WebIdentityToken", params.webIdentityToken],
		["DurationSeconds", params.durationSeconds?.toString()]
	]);
	return exchange(call, hintFacts(call, "AssumeRoleWithWebIdentity", params.roleArn, params.tokenFile), body, void 0, [params.webIdentityToken], (reply) => parseCredentialsReply("AssumeRoleWithWebIdentity", reply));
}
async function stsAssumeRole(call, from, params) {
	const body = formBody([
		["Action", "AssumeRole"],
		["Version", STS_API_VERSION],
		["RoleArn", params.roleArn],
		["RoleSessionName", params.roleSessionName],
		["DurationSeconds", params.durationSeconds?.toString()],
		["ExternalId", params.externalId],
		["SerialNumber", params.serialNumber],
		["TokenCode", params.tokenCode]
	]);
	return exchange(call, hintFacts(call, "AssumeRole", params.roleArn), body, from, [params.tokenCode, params.externalId], (reply) => parseCredentialsReply("AssumeRole", reply));
}
/** Who these credentials are: the account, ARN and user id STS sees (the CLI's `whoami`, MongoDB `atlas-check`). */
async function getCallerIdentity(call, credentials) {
	const body = formBody([["Action", "GetCallerIdentity"], ["Version", STS_API_VERSION]]);
	return exchange(call, hintFacts(call, "GetCallerIdentity"), body, credentials, [], parseCallerIdentityReply);
}
function hintFacts(call, action, roleArn, tokenFile) {
	const facts = {
		action,
		region: call.endpoint.region ?? call.endpoint.signingRegion
	};
	if (roleArn) facts.roleArn = roleArn;
	if (tokenFile) facts.tokenFile = tokenFile;
	return facts;
}
/** Query-protocol encoding, as the SDK writes it: RFC 3986 (also `!'()*`), `&`-joined, unset members left out. */
function formBody(members) {
	const encode = (value) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
	return members.filter((member) => member[1] !== void 0).map(([name, value]) => `${encode(name)}=${encode(value)}`).join("&");
}
/**
* One STS call with retries: throttling, 5xx, IDPCommunicationError and connection failures are retried
* up to `maxRetries` times with exponential backoff and full jitter, never starting a retry after the
* time budget is spent. Each attempt is signed afresh (the signature carries the time).
*/
async function exchange(call, facts, body, signWith, extraSecrets, parse) {
	const { context, endpoint, sourceName } = call;
	const maxRetries = call.maxRetries ?? 3;
	const budgetMs = call.budgetMs ?? 15e3;
	const random = call.random ?? Math.random;
	const url = `${endpoint.url}/`;
	const what = `STS ${facts.action}${facts.roleArn ? ` for ${facts.roleArn}` : ""} at ${url}`;
	const secrets = [
		signWith?.secretAccessKey,
		signWith?.sessionToken,
		...extraSecrets
	];
	const started = context.now();
	for (let attempt = 0;; attempt++) {
		const request = {
			method: "POST",
			url,
			headers: { "content-type": "application/x-www-form-urlencoded" },
			body
		};
		const sent = signWith ? {
			...request,
			headers: await sign(request, signWith, endpoint.signingRegion, context.now())
		} : request;
		let failure;
		try {
			const response = await context.request({
				...sent,
				timeoutMs: call.timeoutMs ?? 5e3
			});
			if (response.status >= 200 && response.status < 300) return parseOrBreak(response, parse, what, sourceName, secrets);
			failure = describeErrorReply(response, facts, secrets);
		} catch (error) {
			if (!(error instanceof NetworkError)) throw error;
			failure = {
				retryable: [
					"timeout",
					"reset",
					"refused",
					"unreachable"
				].includes(error.code),
				problem: error.message,
				code: error.code,
				fix: `Check that ${endpoint.url} is reachable from here (proxy, firewall, AWS_ENDPOINT_URL_STS)`,
				cause: error
			};
		}
		const delay = Math.floor(random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt));
		const withinBudget = context.now() - started + delay <= budgetMs;
		if (failure.retryable && attempt < maxRetries && withinBudget) {
			context.logger.debug?.(`credchain: ${what} failed (${failure.code ?? failure.problem}); retry ${attempt + 1} of ${maxRetries} in ${delay} ms`);
			await context.sleep(delay);
			continue;
		}
		const tries = attempt > 0 ? ` after ${attempt + 1} attempts` : "";
		throw new BrokenSourceError(sourceName, `${what} failed${tries}: ${failure.problem}`, {
			...failure.fix ? { fix: failure.fix } : {},
			...failure.code ? { code: failure.code } : {},
			...failure.cause ? { cause: failure.cause } : {}
		});
	}
}
async function sign(request, credentials, region, now) {
	const { signRequest } = await import("./sign-DbC_lwz9.js");
	return signRequest(request, credentials, {
		region,
		service: "sts"
	}, new Date(now));
}
function parseOrBreak(response, parse, what, sourceName, secrets) {
	try {
		return parse(response.body);
	} catch (error) {
		if (!(error instanceof MalformedReplyError)) throw error;
		throw new BrokenSourceError(sourceName, `${what} answered HTTP ${response.status}, but ${redact(error.message, secrets)}`, {
			fix: "Check that the STS endpoint (AWS_ENDPOINT_URL_STS, endpoint_url) points at STS",
			code: "MalformedReply"
		});
	}
}
function describeErrorReply(response, facts, secrets) {
	const reply = parseErrorReply(response.body);
	if (!reply) return {
		retryable: isRetryableReply(response.status, void 0),
		problem: `HTTP ${response.status} with no STS error in the reply`,
		code: `HTTP${response.status}`,
		fix: response.status >= 500 ? "STS is having trouble; try again later" : "Check that the STS endpoint (AWS_ENDPOINT_URL_STS, endpoint_url) points at STS"
	};
	const message = redact(reply.message, secrets);
	const fix = fixForStsError(reply.code, facts);
	return {
		retryable: isRetryableReply(response.status, reply.code),
		problem: `${reply.code}${message ? `: ${message}` : ""} (HTTP ${response.status}${reply.requestId ? `, request id ${reply.requestId}` : ""})`,
		code: reply.code,
		...fix ? { fix } : {}
	};
}
export { STS_API_VERSION, STS_MAX_RETRIES, STS_REQUEST_TIMEOUT_MS, STS_RETRY_BUDGET_MS, formBody, getCallerIdentity, stsAssumeRole, stsAssumeRoleWithWebIdentity };
