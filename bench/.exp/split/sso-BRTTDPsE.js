import { r as NotConfiguredError, t as BrokenSourceError } from "./errors-DljhmaUc.js";
// dist/providers/sso.js
/** Cached token (refreshed for sso-session profiles) → GetRoleCredentials. Never NotConfigured: the base is configured. */
async function resolveSsoBase(input, base, sourceName) {
	const { ssoRoleCredentials } = await import("./role-credentials-BpYP9JSq.js");
	return ssoRoleCredentials(input, base, sourceName);
}
const REQUIRED = [
	"ssoStartUrl",
	"ssoAccountId",
	"ssoRegion",
	"ssoRoleName"
];
const source = {
	name: "sso",
	async resolve(input) {
		const { options } = input;
		if (!REQUIRED.some((key) => options[key]) && !options.ssoSession) throw new NotConfiguredError("sso", "no ssoStartUrl, ssoAccountId, ssoRegion, ssoRoleName or ssoSession option (SSO in a profile is resolved by the profile source)", { skipped: true });
		const missing = REQUIRED.filter((key) => !options[key]);
		if (missing.length > 0) throw new BrokenSourceError("sso", `incomplete SSO options: ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} missing`, { fix: "Pass all of ssoStartUrl, ssoAccountId, ssoRegion and ssoRoleName (and optionally ssoSession), or none of them" });
		const base = {
			kind: "sso",
			profile: input.profileName,
			ssoStartUrl: options.ssoStartUrl,
			ssoAccountId: options.ssoAccountId,
			ssoRegion: options.ssoRegion,
			ssoRoleName: options.ssoRoleName
		};
		if (options.ssoSession) base.ssoSession = options.ssoSession;
		input.note(`explicit SSO options: account ${base.ssoAccountId}, role ${base.ssoRoleName}, start URL ${base.ssoStartUrl}`);
		const { ssoRoleCredentials } = await import("./role-credentials-BpYP9JSq.js");
		return ssoRoleCredentials(input, base, "sso", "options");
	}
};
export { resolveSsoBase, source };
