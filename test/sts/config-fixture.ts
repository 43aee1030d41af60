// Builds a SharedConfig for STS tests without the file parser: profiles and [services] blocks as objects.
import type { SharedConfig, Section } from '../../src/config/types.js';

export function sharedConfig(profiles: Record<string, Section> = {}, services: Record<string, Section> = {}): SharedConfig {
  return { profiles, ssoSessions: {}, services, configFile: '/home/test/.aws/config', credentialsFile: '/home/test/.aws/credentials' };
}
