import { n as makeCredentials, r as parseTimestamp } from "./credentials-Dd52m27b.js";
import { r as NotConfiguredError, t as BrokenSourceError } from "./errors-DljhmaUc.js";
// dist/warn-once.js
const said = /* @__PURE__ */ new WeakMap();
function warnOnce(logger, key, message) {
	let keys = said.get(logger);
	if (!keys) said.set(logger, keys = /* @__PURE__ */ new Set());
	if (keys.has(key)) return;
	keys.add(key);
	logger.warn?.(message);
}
// dist/providers/env.js
const source = {
	name: "env",
	async resolve({ context, options, note }) {
		const env = context.env;
		const accessKeyId = env.AWS_ACCESS_KEY_ID;
		const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
		const profile = options.profile || env.AWS_PROFILE;
		if (profile) {
			const how = options.profile ? "the profile option" : "AWS_PROFILE";
			if (accessKeyId && secretAccessKey) {
				const warning = `AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are set but ${how} selects profile "${profile}", which wins (as in the AWS SDK). Unset one of them to remove the ambiguity.`;
				note(warning);
				warnOnce(context.logger, "env-and-profile", `credchain: ${warning}`);
			}
			throw new NotConfiguredError("env", `skipped because ${how} selects profile "${profile}"`, { skipped: true });
		}
		const credentials = readEnvironmentCredentials(context, "env");
		note("from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY" + (credentials.sessionToken ? " with AWS_SESSION_TOKEN" : ""));
		return credentials;
	}
};
/**
* The AWS_* credential variables as credentials, for the env source and for a profile's
* `credential_source = Environment`. NotConfiguredError when the pair is not set, BrokenSourceError
* for a bad or past AWS_CREDENTIAL_EXPIRATION; errors carry `sourceName`.
*/
function readEnvironmentCredentials(context, sourceName) {
	const env = context.env;
	const accessKeyId = env.AWS_ACCESS_KEY_ID;
	const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
	if (!accessKeyId || !secretAccessKey) {
		const missing = [!accessKeyId && "AWS_ACCESS_KEY_ID", !secretAccessKey && "AWS_SECRET_ACCESS_KEY"].filter(Boolean).join(" and ");
		throw new NotConfiguredError(sourceName, accessKeyId || secretAccessKey ? `${missing} is not set (the other half of the pair is)` : `${missing} are not set`);
	}
	const expirationText = env.AWS_CREDENTIAL_EXPIRATION;
	const expiration = parseTimestamp(expirationText);
	if (expirationText && !expiration) throw new BrokenSourceError(sourceName, "AWS_CREDENTIAL_EXPIRATION is not a valid date", { fix: "Set it to an ISO-8601 time such as 2030-01-01T00:00:00Z, or unset it" });
	if (expiration && expiration.getTime() <= context.now()) throw new BrokenSourceError(sourceName, `the credentials in AWS_ACCESS_KEY_ID expired at ${expiration.toISOString()} (AWS_CREDENTIAL_EXPIRATION)`, { fix: "Export fresh credentials, or unset the AWS_* credential variables to use another source" });
	return makeCredentials({
		accessKeyId,
		secretAccessKey,
		sessionToken: env.AWS_SESSION_TOKEN || void 0,
		expiration,
		credentialScope: env.AWS_CREDENTIAL_SCOPE || void 0,
		accountId: env.AWS_ACCOUNT_ID || void 0,
		source: sourceName
	});
}
export { readEnvironmentCredentials, source };
