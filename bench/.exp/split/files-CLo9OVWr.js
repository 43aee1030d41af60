import { basename, dirname, join } from "node:path";
import { mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
// dist/io/files.js
/** UTF-8 contents, or undefined when nothing is there (ENOENT, or a path through a non-directory). */
async function readTextFile(path) {
	try {
		return await readFile(path, "utf8");
	} catch (error) {
		const code = error.code;
		if (code === "ENOENT" || code === "ENOTDIR") return void 0;
		throw error;
	}
}
/** Temp file in the same directory, then rename: a reader sees the old file or the new one, never half. */
async function writeFileAtomic(path, contents, mode = 384) {
	await mkdir(dirname(path), {
		recursive: true,
		mode: 448
	});
	const { randomBytes } = await import("node:crypto");
	const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
	try {
		await writeFile(temp, contents, {
			mode,
			flag: "wx"
		});
		await rename(temp, path);
	} catch (error) {
		await unlink(temp).catch(() => void 0);
		throw error;
	}
}
export { readTextFile, writeFileAtomic };
