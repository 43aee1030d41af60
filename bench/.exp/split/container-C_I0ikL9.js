import { n as makeCredentials } from "./credentials-Dd52m27b.js";
import { o as redact, r as NotConfiguredError, t as BrokenSourceError } from "./errors-DljhmaUc.js";
import { n as safeUrl } from "./http-8zFzcVFO.js";
import { a as RELATIVE_URI_VARIABLE, i as FULL_URI_VARIABLE, n as exchangeWithRetries, o as containerTarget, r as parseMetadataCredentials } from "./retry-CvK2-LOb.js";
// dist/providers/container.js
const SOURCE = "container";
const TOKEN_VARIABLE = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
const TOKEN_FILE_VARIABLE = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";
const source = {
	name: SOURCE,
	async resolve(input) {
		const target = containerTarget(input.context.env, SOURCE);
		if (!target) throw new NotConfiguredError(SOURCE, `${RELATIVE_URI_VARIABLE} and ${FULL_URI_VARIABLE} are not set`);
		return fetchContainerCredentials(input, target, SOURCE);
	}
};
/** For `credential_source = EcsContainer`: here the variables are required, so their absence stops the chain. */
async function fromContainerEndpoint(input, sourceName) {
	const target = containerTarget(input.context.env, sourceName);
	if (!target) throw new BrokenSourceError(sourceName, `credential_source = EcsContainer, but neither ${RELATIVE_URI_VARIABLE} nor ${FULL_URI_VARIABLE} is set`, { fix: "Run inside an ECS task or an EKS pod with Pod Identity, or change credential_source" });
	return fetchContainerCredentials(input, target, sourceName);
}
async function fetchContainerCredentials(input, target, sourceName) {
	const { context, options } = input;
	const where = safeUrl(target.url);
	const what = `the container credentials endpoint ${where} (${target.variable})`;
	const env = context.env;
	if (env["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] && env["AWS_CONTAINER_CREDENTIALS_FULL_URI"]) input.note(`${RELATIVE_URI_VARIABLE} wins over ${FULL_URI_VARIABLE} (both are set)`);
	if (env[TOKEN_FILE_VARIABLE] && env[TOKEN_VARIABLE]) input.note(`${TOKEN_FILE_VARIABLE} wins over ${TOKEN_VARIABLE} (both are set)`);
	const tokens = [];
	const build = async () => {
		const token = await authorizationToken(input, sourceName);
		const headers = { accept: "application/json" };
		if (token !== void 0) {
			tokens.push(token);
			headers.authorization = token;
		}
		return {
			method: "GET",
			url: target.url.href,
			headers,
			timeoutMs: options.timeout ?? 1e3
		};
	};
	const exchange = await exchangeWithRetries(context, build, {
		maxRetries: options.maxRetries ?? 3,
		retryStatus: (status) => status >= 500 || status === 429,
		retryNetwork: () => true
	});
	const tries = exchange.attempts > 1 ? ` (${exchange.attempts} attempts)` : "";
	const fix = "Check that the ECS agent / EKS Pod Identity agent is running and that the task or pod has a role";
	if (!exchange.ok) throw new BrokenSourceError(sourceName, `${what} did not answer${tries}: ${exchange.error.detail}`, {
		fix,
		code: exchange.error.code,
		cause: exchange.error
	});
	const response = exchange.response;
	if (response.status !== 200) throw errorReply(response, what, where, tries, tokens, sourceName);
	const parsed = parseMetadataCredentials(response.body, what, sourceName, fix);
	const credentials = makeCredentials({
		...parsed,
		source: sourceName
	});
	if (parsed.expiration.getTime() <= context.now()) input.note(`the endpoint answered credentials that already expired at ${parsed.expiration.toISOString()}`);
	input.note(`from ${what}${credentials.accountId ? `, account ${credentials.accountId}` : ""}`);
	return credentials;
}
/** The Authorization header value: the token file (re-read on every attempt, it rotates) beats the variable. */
async function authorizationToken(input, sourceName) {
	const env = input.context.env;
	const file = env[TOKEN_FILE_VARIABLE];
	let token;
	let from;
	if (file) {
		from = `the token file ${file} (${TOKEN_FILE_VARIABLE})`;
		try {
			token = await input.context.readFile(file);
		} catch (error) {
			const code = error?.code;
			throw new BrokenSourceError(sourceName, `${from} cannot be read${code ? ` (${code})` : ""}`, {
				fix: "Check the file permissions, or unset the variable",
				cause: error
			});
		}
		if (token === void 0) throw new BrokenSourceError(sourceName, `${from} does not exist`, { fix: "Point it at the token your platform mounts, or unset it" });
	} else {
		token = env[TOKEN_VARIABLE] || void 0;
		from = TOKEN_VARIABLE;
	}
	if (token !== void 0 && /[\r\n]/.test(token)) throw new BrokenSourceError(sourceName, `the authorization token in ${from} contains a line break (CR or LF), which is not allowed in a header`, {
		fix: "Remove the line break (e.g. write the file with printf, not echo)",
		code: "invalid-token"
	});
	return token;
}
function errorReply(response, what, where, tries, tokens, sourceName) {
	const status = response.status;
	if (status >= 300 && status < 400) {
		const location = response.headers.location ? ` to ${safeLocation(response.headers.location, where)}` : "";
		return new BrokenSourceError(sourceName, `${what} answered ${status}, a redirect${location}; redirects are never followed`, {
			fix: "Point the variable at the final URL of the credentials endpoint",
			code: `HTTP${status}`
		});
	}
	const { code, message } = errorFields(response.body);
	const said = code || message ? `: ${[code, message].filter(Boolean).join(": ")}` : "";
	const fix = status === 401 || status === 403 ? `Check the authorization token (${TOKEN_FILE_VARIABLE} / ${TOKEN_VARIABLE}) your platform provides` : status === 404 ? "Check the URL: the task or pod may have no role, or the variable may be stale" : "Check that the ECS agent / EKS Pod Identity agent is healthy";
	return new BrokenSourceError(sourceName, redact(`${what} answered HTTP ${status}${tries}${said}`, tokens), {
		fix,
		code: code ?? `HTTP${status}`
	});
}
/** `Code` and `Message` of a JSON error body (the ECS and EKS agents send them); never throws. */
function errorFields(body) {
	try {
		const parsed = JSON.parse(body);
		if (!parsed || typeof parsed !== "object") return {};
		const fields = parsed;
		const text = (value) => typeof value === "string" && value ? value.slice(0, 300) : void 0;
		const out = {};
		const code = text(fields.Code);
		const message = text(fields.Message);
		if (code) out.code = code;
		if (message) out.message = message;
		return out;
	} catch {
		return {};
	}
}
function safeLocation(location, base) {
	try {
		return safeUrl(new URL(location, base));
	} catch {
		return "an invalid URL";
	}
}
export { fromContainerEndpoint, source };
