import { spawn } from "node:child_process";
// dist/io/command.js
const MAX_OUTPUT_BYTES = 1048576;
function runShellCommand(command, options) {
	return new Promise((resolve) => {
		const isWindows = process.platform === "win32";
		const child = spawn(isWindows ? "cmd.exe" : "/bin/sh", isWindows ? [
			"/d",
			"/s",
			"/c",
			command
		] : ["-c", command], {
			env: options.env,
			stdio: [
				"ignore",
				"pipe",
				"pipe"
			],
			detached: !isWindows,
			windowsHide: true
		});
		const stdout = [];
		const stderr = [];
		let size = 0;
		let timedOut = false;
		let settled = false;
		const kill = () => {
			try {
				if (!isWindows && child.pid) process.kill(-child.pid, "SIGKILL");
				else child.kill("SIGKILL");
			} catch {
				child.kill("SIGKILL");
			}
		};
		const collect = (into) => (chunk) => {
			size += chunk.length;
			if (size <= MAX_OUTPUT_BYTES) into.push(chunk);
		};
		child.stdout.on("data", collect(stdout));
		child.stderr.on("data", collect(stderr));
		const timer = setTimeout(() => {
			timedOut = true;
			kill();
		}, options.timeoutMs);
		const done = (exitCode) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			resolve({
				exitCode,
				stdout: Buffer.concat(stdout).toString("utf8"),
				stderr: Buffer.concat(stderr).toString("utf8"),
				timedOut
			});
		};
		child.on("error", () => done(127));
		child.on("close", (code) => done(code));
	});
}
export { runShellCommand };
