import { posix, win32 } from "node:path";
// dist/config/locate.js
/** HOME, then USERPROFILE, then HOMEDRIVE+HOMEPATH (drive defaults to `C:\` as in the SDK), then the OS. */
function resolveHomeDir(context) {
	const { HOME, USERPROFILE, HOMEDRIVE, HOMEPATH } = context.env;
	if (HOME) return HOME;
	if (USERPROFILE) return USERPROFILE;
	if (HOMEPATH) return `${HOMEDRIVE || "C:\\"}${HOMEPATH}`;
	return context.homedir();
}
/** The two file paths, with `~` expanded. Empty variables count as unset (the SDK uses `||`). */
function locateConfigFiles(context) {
	const home = resolveHomeDir(context);
	const path = pathFor(context.platform);
	return {
		configFile: expandHome(context.env.AWS_CONFIG_FILE || path.join(home, ".aws", "config"), home, context.platform),
		credentialsFile: expandHome(context.env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, ".aws", "credentials"), home, context.platform)
	};
}
/**
* Expands a leading `~/` (and `~\` on Windows, beyond the SDK, which only knows `~/`). `~user/` and
* a `~` anywhere else are left alone, as in the SDK.
*/
function expandHome(file, home, platform) {
	const windows = platform === "win32";
	if (file.startsWith("~/") || windows && file.startsWith("~\\")) return pathFor(platform).join(home, file.slice(2));
	return file;
}
function pathFor(platform) {
	return platform === "win32" ? win32 : posix;
}
export { resolveHomeDir as n, locateConfigFiles as t };
