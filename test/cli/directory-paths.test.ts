// A setting that names a directory where a file belongs (AWS_SHARED_CREDENTIALS_FILE=~/.aws, a token
// file variable pointing at its folder, --scenario DIR, tlsCAFile=DIR): the reason says "is a
// directory" and the fix says to name the file itself — not "not a regular file … a FIFO could block".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'credchain-directory-paths-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FIX = `Name the file itself, not a directory (the file meant may be inside ${dir})`;

describe('a path that is a directory', () => {
  it.each([
    [{ AWS_SHARED_CREDENTIALS_FILE: dir }, `the credentials file ${dir} cannot be read: it is a directory. ${FIX}, or set AWS_SHARED_CREDENTIALS_FILE to another file`],
    [{ AWS_CONFIG_FILE: dir }, `the config file ${dir} cannot be read: it is a directory. ${FIX}, or set AWS_CONFIG_FILE to another file`],
    [{ AWS_WEB_IDENTITY_TOKEN_FILE: dir, AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/r' }, `(AWS_WEB_IDENTITY_TOKEN_FILE) cannot be read: it is a directory. ${FIX}, or`],
    [{ AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:1/x', AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: dir }, `(AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE) cannot be read: it is a directory. ${FIX}, or`],
  ])('%j: "is a directory" and the fix', async (env, says) => {
    const { code, stderr } = await runCli(['export'], env);
    expect(code).toBe(3);
    expect(stderr).toContain(says);
    expect(stderr).not.toMatch(/not a regular file|FIFO/);
  });

  it('demo --scenario DIR: exit 5, "is a directory" and the fix', async () => {
    const { code, stderr } = await runCli(['demo', '--scenario', dir], {});
    expect(code).toBe(5);
    expect(stderr).toContain(`cannot read scenario file ${dir}: it is a directory. ${FIX}, or give --scenario another file`);
  });

  it('atlas-check with tlsCAFile=DIR: the connect step says "is a directory" and the fix', async () => {
    const { code, stdout } = await runCli(['atlas-check', `mongodb://127.0.0.1:1/?authMechanism=MONGODB-AWS&tls=true&tlsCAFile=${encodeURIComponent(dir)}`], { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'directoryPathsSecret0000000000000000', AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:1' });
    expect(code).toBe(7);
    expect(stdout).toContain(`FAILED (connect): cannot read tlsCAFile ${dir}: it is a directory`);
    expect(stdout).toContain(`${FIX}, or point tlsCAFile at the PEM file.`);
  });
});
