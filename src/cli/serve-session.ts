// One serving session, shared by `credchain serve` and `credchain exec`: credentials resolved once up
// front (so a broken setup fails before anything listens), the token file, the loopback server,
// and the two variables a client needs. close() stops the server and the timer and removes the file.

import type { CredentialProvider } from '../chain.js';
import type { Context } from '../context.js';
import type { Credentials } from '../credentials.js';
import type { ChainOptions } from '../source.js';
import { startCredentialsServer } from './credentials-server.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { sessionForLongTermKeys } from './long-term-keys.js';
import { ServedCredentials } from './served-credentials.js';
import { createTokenFile } from './token-file.js';

export interface ServeSessionOptions {
  chain: CredentialProvider;
  context: Context;
  options: ChainOptions;
  profileName: string;
  /** 0 (default) = a free port. */
  port?: number;
  /** Request and refresh lines (never a secret). */
  log?(line: string): void;
}

export interface ServeSession {
  url: string;
  port: number;
  tokenFile: string;
  /** AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE. */
  env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: string; AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: string };
  /** What the first resolution gave (what clients get until it is refreshed). */
  first: Credentials;
  close(): Promise<void>;
}

export async function startServeSession(setup: ServeSessionOptions): Promise<ServeSession> {
  const { context, options, profileName } = setup;
  const served = new ServedCredentials({
    chain: setup.chain,
    context,
    exchangeLongTermKeys: (keys) => sessionForLongTermKeys({ context, options, profileName }, keys),
  });
  let first: Credentials;
  try {
    first = await served.get();
  } catch (error) {
    served.close();
    throw error;
  }
  const tokenFile = await createTokenFile();
  try {
    const server = await startCredentialsServer({
      token: tokenFile.token,
      credentials: () => served.get(),
      port: setup.port ?? 0,
      now: () => context.now(),
      ...(setup.log ? { log: setup.log } : {}),
    });
    return {
      url: server.url,
      port: server.port,
      tokenFile: tokenFile.path,
      env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: server.url, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile.path },
      first,
      async close() {
        served.close();
        await server.close();
        await tokenFile.remove();
      },
    };
  } catch (error) {
    served.close();
    await tokenFile.remove();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new CliError(`port ${setup.port} is already in use on 127.0.0.1: choose another with --port, or leave it out to get a free one`, EXIT.usage);
    }
    throw error;
  }
}
