// dist/sts/session-name.js
function defaultRoleSessionName(input) {
	return input.options.roleSessionName || `credchain-${input.context.now()}`;
}
export { defaultRoleSessionName as t };
