import { n as makeCredentials } from "./credentials-Dd52m27b.js";
import { t as BrokenSourceError } from "./errors-DljhmaUc.js";
import { stsAssumeRole } from "./client-CGvLgQmO.js";
import { stsEndpointFor } from "./endpoint-BrwROq1P.js";
import { t as defaultRoleSessionName } from "./session-name-FKlGSHMC.js";
// dist/sts/assume-role.js
const DEFAULT_DURATION_SECONDS = 3600;
async function assumeRoleHop(input, from, hop, sourceName) {
	const params = {
		roleArn: hop.roleArn,
		roleSessionName: hop.roleSessionName || defaultRoleSessionName(input),
		durationSeconds: hop.durationSeconds ?? 3600
	};
	if (hop.externalId) params.externalId = hop.externalId;
	if (hop.mfaSerial) {
		params.serialNumber = hop.mfaSerial;
		params.tokenCode = await askForMfaCode(input, hop, hop.mfaSerial, sourceName);
	}
	const endpoint = await stsEndpointFor(input, sourceName);
	const reply = await stsAssumeRole({
		context: input.context,
		endpoint,
		sourceName
	}, from, params);
	input.note(`profile "${hop.profile}": assumed ${hop.roleArn} (session ${params.roleSessionName}) via ${endpoint.url} (${endpoint.from})`);
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
async function askForMfaCode(input, hop, mfaSerial, sourceName) {
	const provider = input.options.mfaCodeProvider;
	if (!provider) throw new BrokenSourceError(sourceName, `profile "${hop.profile}" requires multi-factor authentication (mfa_serial = ${mfaSerial}), but no MFA code provider was given`, {
		fix: "Pass one: credentialChain({ mfaCodeProvider: async (serial) => codeFromYourUser }), or use a profile without mfa_serial",
		code: "MfaCodeProviderMissing"
	});
	let code;
	try {
		code = await provider(mfaSerial);
	} catch (error) {
		throw new BrokenSourceError(sourceName, `the MFA code provider failed for ${mfaSerial} (profile "${hop.profile}"): ${error?.message ?? String(error)}`, { cause: error });
	}
	if (typeof code !== "string" || !/^\d{6}$/.test(code.trim())) throw new BrokenSourceError(sourceName, `the MFA code provider returned something other than a 6-digit code for ${mfaSerial} (profile "${hop.profile}")`, { fix: "Return the current 6-digit code of the device as a string" });
	return code.trim();
}
export { DEFAULT_DURATION_SECONDS, assumeRoleHop };
