import { n as makeCredentials } from "./credentials-Dd52m27b.js";
import { r as NotConfiguredError, t as BrokenSourceError } from "./errors-DljhmaUc.js";
import { t as defaultRoleSessionName } from "./session-name-FKlGSHMC.js";
// dist/providers/web-identity.js
/**
* Reads the token file (on every call: platforms rotate it) and assumes the role. A named file that is
* missing, unreadable or empty stops the chain with an error naming the path.
*/
async function assumeRoleWithWebIdentity(input, params, sourceName) {
	const settingsFrom = params.profile ? `web_identity_token_file of profile "${params.profile}"` : "AWS_WEB_IDENTITY_TOKEN_FILE";
	const webIdentityToken = await readToken(input, params.tokenFile, settingsFrom, sourceName);
	const [{ stsAssumeRoleWithWebIdentity }, { stsEndpointFor }] = await Promise.all([import("./client-CGvLgQmO.js"), import("./endpoint-BrwROq1P.js")]);
	const endpoint = await stsEndpointFor(input, sourceName);
	const roleSessionName = params.roleSessionName || input.context.env.AWS_ROLE_SESSION_NAME || defaultRoleSessionName(input);
	const reply = await stsAssumeRoleWithWebIdentity({
		context: input.context,
		endpoint,
		sourceName
	}, {
		roleArn: params.roleArn,
		roleSessionName,
		webIdentityToken,
		tokenFile: params.tokenFile
	});
	input.note(`assumed ${params.roleArn} (session ${roleSessionName}) with the token in ${params.tokenFile}, via ${endpoint.url} (${endpoint.from})`);
	return makeCredentials({
		accessKeyId: reply.accessKeyId,
		secretAccessKey: reply.secretAccessKey,
		sessionToken: reply.sessionToken,
		expiration: reply.expiration,
		accountId: reply.accountId,
		credentialScope: reply.credentialScope,
		source: sourceName
	});
}
async function readToken(input, tokenFile, settingsFrom, sourceName) {
	let text;
	try {
		text = await input.context.readFile(tokenFile);
	} catch (error) {
		throw new BrokenSourceError(sourceName, `the web identity token file ${tokenFile} (${settingsFrom}) cannot be read: ${error.message}`, {
			fix: "Check the file permissions, or point the setting at the token your platform writes",
			cause: error
		});
	}
	if (text === void 0) throw new BrokenSourceError(sourceName, `the web identity token file ${tokenFile} (${settingsFrom}) does not exist`, { fix: "Point the setting at the token file your platform writes (e.g. the projected service account token on EKS), or unset it" });
	const token = text.replace(/[\r\n]+$/, "");
	if (token.trim() === "") throw new BrokenSourceError(sourceName, `the web identity token file ${tokenFile} (${settingsFrom}) is empty`, { fix: "Check that your platform has written the token yet" });
	return token;
}
/** The env form: AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN (+ AWS_ROLE_SESSION_NAME). */
const source = {
	name: "web-identity",
	async resolve(input) {
		const env = input.context.env;
		const tokenFile = env.AWS_WEB_IDENTITY_TOKEN_FILE;
		const roleArn = env.AWS_ROLE_ARN;
		if (!tokenFile || !roleArn) {
			if (tokenFile || roleArn) {
				const [set, unset] = tokenFile ? ["AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN"] : ["AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE"];
				throw new NotConfiguredError("web-identity", `${set} is set but ${unset} is not, so web identity is not used (the AWS SDK moves on in this case too); set ${unset} to use it`);
			}
			throw new NotConfiguredError("web-identity", "AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not set");
		}
		const params = {
			roleArn,
			tokenFile
		};
		if (env.AWS_ROLE_SESSION_NAME) params.roleSessionName = env.AWS_ROLE_SESSION_NAME;
		return assumeRoleWithWebIdentity(input, params, "web-identity");
	}
};
export { assumeRoleWithWebIdentity, source };
