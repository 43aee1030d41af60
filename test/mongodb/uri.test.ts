import { describe, expect, it } from 'vitest';
import { booleanOption, parseMongoUri } from '../../src/mongodb/uri.js';

describe('parseMongoUri', () => {
  it('reads seed hosts, ports and options (names case-insensitive, values decoded)', () => {
    const uri = parseMongoUri('mongodb://a.example:27018,b.example,[::1]:3000/db?authMechanism=MONGODB-AWS&authSource=%24external&TLS=true');
    expect(uri.srv).toBe(false);
    expect(uri.hosts).toEqual([
      { host: 'a.example', port: 27018 },
      { host: 'b.example', port: 27017 },
      { host: '::1', port: 3000 },
    ]);
    expect(uri.options).toMatchObject({ authmechanism: 'MONGODB-AWS', authsource: '$external', tls: 'true' });
    expect(booleanOption(uri.options, 'tls')).toBe(true);
  });

  it('takes one host without a port for mongodb+srv', () => {
    expect(parseMongoUri('mongodb+srv://Cluster0.abc.mongodb.net/?retryWrites=true').hosts).toEqual([{ host: 'cluster0.abc.mongodb.net', port: 27017 }]);
    expect(() => parseMongoUri('mongodb+srv://a.example:27017/')).toThrow(/exactly one host name and no port/);
    expect(() => parseMongoUri('mongodb+srv://a.example,b.example/')).toThrow(/exactly one host/);
  });

  it('hides passwords and session tokens in the printable form', () => {
    const uri = parseMongoUri('mongodb://AKIAEXAMPLE:SECRETSECRET@h.example/?authMechanismProperties=AWS_SESSION_TOKEN:TOKENTOKEN');
    expect(uri.hasUserInfo).toBe(true);
    expect(uri.display).not.toContain('SECRETSECRET');
    expect(uri.display).not.toContain('TOKENTOKEN');
    expect(uri.display).toContain('AKIAEXAMPLE:****@h.example');
  });

  it('rejects what is not a MongoDB connection string, with the reason', () => {
    expect(() => parseMongoUri('https://h.example')).toThrow(/mongodb:\/\/ or mongodb\+srv:\/\//);
    expect(() => parseMongoUri('mongodb://h.example:99999/')).toThrow(/invalid port/);
    expect(() => parseMongoUri('mongodb:///')).toThrow(/no host/);
    expect(() => booleanOption({ tls: 'yes' }, 'tls')).toThrow(/true or false/);
  });
});
