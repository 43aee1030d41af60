import { a as maskKeyId } from "./errors-DljhmaUc.js";
// dist/credentials.js
const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");
/**
* Builds a credentials object that prints safely: console.log / util.inspect show the masked key id
* and hide the secret and token (JSON.stringify still sees every field: that is an explicit export).
*/
function makeCredentials(fields) {
	const credentials = {
		accessKeyId: fields.accessKeyId,
		secretAccessKey: fields.secretAccessKey
	};
	if (fields.sessionToken) credentials.sessionToken = fields.sessionToken;
	if (fields.expiration) credentials.expiration = fields.expiration;
	if (fields.accountId) credentials.accountId = fields.accountId;
	if (fields.credentialScope) credentials.credentialScope = fields.credentialScope;
	credentials.source = fields.source;
	Object.defineProperty(credentials, inspectSymbol, {
		enumerable: false,
		value: () => describeCredentials(credentials)
	});
	return credentials;
}
/** One line about credentials with no secret in it. */
function describeCredentials(credentials) {
	const parts = [`key ${maskKeyId(credentials.accessKeyId)}`, `from ${credentials.source}`];
	if (credentials.sessionToken) parts.push("with session token");
	if (credentials.accountId) parts.push(`account ${credentials.accountId}`);
	if (credentials.expiration) parts.push(`expires ${credentials.expiration.toISOString()}`);
	return `Credentials { ${parts.join(", ")} }`;
}
/** Parses an ISO-8601 (or RFC 3339) timestamp; undefined when it is not a valid date. */
function parseTimestamp(value) {
	if (value === void 0 || value === "") return void 0;
	const date = new Date(value);
	return Number.isNaN(date.getTime()) ? void 0 : date;
}
export { makeCredentials as n, parseTimestamp as r, describeCredentials as t };
