// TEMPORARY placeholder until the config issue lands: no shared files.
import type { Context } from '../context.js';
import type { SharedConfig } from './types.js';

export async function loadSharedConfig(_context: Context, _options: { ignoreCache?: boolean }): Promise<SharedConfig> {
  return { profiles: {}, ssoSessions: {}, services: {}, configFile: '', credentialsFile: '' };
}
