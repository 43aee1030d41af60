import { n as NetworkError, o as redact, t as BrokenSourceError } from "./errors-DljhmaUc.js";
import { i as sendWithRetry, n as describeAwsJsonError, r as parseAwsJsonError, t as resolveSsoEndpoint } from "./role-credentials-BpYP9JSq.js";
// dist/sso/oidc.js
async function createSsoToken(input, grant, sourceName) {
	const endpoint = await resolveSsoEndpoint(input, "SSO_OIDC", grant.region, sourceName);
	const url = `${endpoint.url}/token`;
	input.note(`SSO-OIDC CreateToken (refresh_token) at ${url} (${endpoint.from})`);
	const secrets = [grant.clientSecret, grant.refreshToken];
	let response;
	try {
		response = await sendWithRetry(input.context, {
			method: "POST",
			url,
			headers: { "content-type": "application/json" },
			body: JSON.stringify({
				clientId: grant.clientId,
				clientSecret: grant.clientSecret,
				grantType: "refresh_token",
				refreshToken: grant.refreshToken
			})
		});
	} catch (error) {
		if (error instanceof NetworkError) throw new BrokenSourceError(sourceName, `SSO-OIDC CreateToken: ${error.message}`, {
			code: error.code,
			cause: error
		});
		throw error;
	}
	if (response.status !== 200) {
		const error = parseAwsJsonError(response);
		throw new BrokenSourceError(sourceName, redact(`SSO-OIDC CreateToken at ${url} failed: ${describeAwsJsonError(response, error)}`, secrets), { code: error.code ?? `HTTP${response.status}` });
	}
	let body;
	try {
		const parsed = JSON.parse(response.body);
		if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) body = parsed;
	} catch {}
	const accessToken = body?.accessToken;
	const expiresIn = body?.expiresIn;
	if (typeof accessToken !== "string" || accessToken === "" || typeof expiresIn !== "number" || !(expiresIn > 0)) throw new BrokenSourceError(sourceName, `SSO-OIDC CreateToken at ${url} answered without a usable accessToken and expiresIn`);
	const created = {
		accessToken,
		expiresInSeconds: expiresIn
	};
	if (typeof body?.refreshToken === "string" && body.refreshToken !== "") created.refreshToken = body.refreshToken;
	return created;
}
export { createSsoToken };
