import fc from 'fast-check';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { hasUnsafeCharacters } from '../../src/outside-text.js';
import { booleanOption, maskMongoUri, MongoUriError, parseMongoUri } from '../../src/mongodb/uri.js';

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

// Issue 23, finding 4: the credentials part is found as the MongoDB driver finds it and masked before
// anything else reads the string; what the driver refuses in it is refused here, unquoted.
describe('the password in a connection string, however malformed', () => {
  const ISSUE = 'mongodb://AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY@cluster0.example.mongodb.net/?authMechanism=MONGODB-AWS';

  it("the issue's example: refused as the driver refuses it, naming the fix, showing no part of the secret or the key id", () => {
    let message = '';
    try {
      parseMongoUri(ISSUE);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^the password in the connection string contains unescaped characters \(not shown\): percent-encode them \(.* \/ as %2F.*\), or leave the user name and password out/);
    const display = maskMongoUri(ISSUE);
    expect(display).toBe('mongodb://****@cluster0.example.mongodb.net/?authMechanism=MONGODB-AWS');
    for (const part of ['wJalrXUtnFEMI', 'K7MDENG', 'bPxRfiCYEXAMPLEKEY', 'AKIAIOSFODNN7EXAMPLE']) expect(`${message} ${display}`).not.toContain(part);
  });

  it('a valid one shows the host and options, the password as ****, an access key id as user name masked', () => {
    expect(maskMongoUri('mongodb://AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI%2FK7MDENG@h.example:27018/db?tlsCertificateKeyFilePassword=pw123&x=1')).toBe(
      'mongodb://AKIA…MPLE:****@h.example:27018/db?tlsCertificateKeyFilePassword=****&x=1',
    );
  });

  /** A password made of distinctive words joined by characters a URI must escape, so any leaked piece is recognisable. */
  const word = fc.stringMatching(/^[a-z0-9]{5}$/).map((w) => `Q${w}`);
  const delimiter = fc.constantFrom(':', '/', '?', '#', '[', ']', '@', '%', '%zz', '%2', ' ', '"', "'", '\n', '\u001b', '&', '=', ',', '$', 'é', '😀');
  const password = fc
    .uniqueArray(word, { minLength: 1, maxLength: 5 })
    .chain((words) => fc.array(delimiter, { minLength: words.length - 1, maxLength: words.length - 1 }).map((delimiters) => ({ text: words.map((w, i) => (i === 0 ? w : delimiters[i - 1]! + w)).join(''), words })));
  /** How a password is placed, and how much of it the driver reads as the secret when it accepts the string (the rest it reads as host, path or another option, and so may be shown). */
  const upTo = (stops: RegExp) => (pw: string) => pw.split(stops)[0]!;
  const asPassword = upTo(/@/);
  const upToLastAt = (pw: string) => (pw.includes('@') ? pw.slice(0, pw.lastIndexOf('@')) : pw);
  const shape = fc.constantFrom(
    { build: (pw: string) => `mongodb://AKIAIOSFODNN7EXAMPLE:${pw}@cluster0.example.mongodb.net/?authMechanism=MONGODB-AWS`, read: asPassword },
    { build: (pw: string) => `mongodb+srv://AKIAIOSFODNN7EXAMPLE:${pw}@cluster0.example.mongodb.net/`, read: asPassword },
    { build: (pw: string) => `mongodb://user:${pw}@a.example:27017,b.example:27018/admin?replicaSet=rs0`, read: asPassword },
    // The "password" as a user name: one the driver accepts is shown (an access key id masked).
    { build: (pw: string) => `mongodb://${pw}@a.example/`, read: () => '' },
    // No host: what follows the password's last @ reads as one to anyone, so only what precedes it must stay hidden.
    { build: (pw: string) => `mongodb://user:${pw}`, read: asPassword, refused: upToLastAt },
    { build: (pw: string) => `mongodb://user:${pw}/db`, read: asPassword, refused: upToLastAt },
    { build: (pw: string) => `mongodb://user:${pw}@`, read: asPassword },
    { build: (pw: string) => `mongodb://user:${pw}@@a.example/`, read: asPassword },
    // An option's value ends at & (a token's at , too) whatever else is wrong with the string.
    { build: (pw: string) => `mongodb://a.example/?authMechanismProperties=AWS_SESSION_TOKEN:${pw}`, read: upTo(/[&,#]/), always: true },
    { build: (pw: string) => `mongodb://a.example/?proxyPassword=${pw}&tls=true`, read: upTo(/[&#]/), always: true },
    { build: (pw: string) => `user:${pw}@a.example`, read: asPassword },
    { build: (pw: string) => `  mongodb://user:${pw}@a.example  `, read: asPassword },
  );

  it('no word of the password appears in the printable form or in the error, for any password and any malformation', () => {
    fc.assert(
      fc.property(password, shape, ({ text, words }, { build, read, always, refused }: { build: (pw: string) => string; read: (pw: string) => string; always?: boolean; refused?: (pw: string) => string }) => {
        const uri = build(text);
        const shown = [maskMongoUri(uri)];
        let accepted = false;
        try {
          shown.push(parseMongoUri(uri).display);
          accepted = true;
        } catch (error) {
          expect(error).toBeInstanceOf(MongoUriError);
          shown.push((error as Error).message);
        }
        const secret = accepted || always ? read(text) : (refused ?? ((pw: string) => pw))(text);
        for (const w of words.filter((w) => secret.includes(w))) for (const printed of shown) expect(printed, uri).not.toContain(w);
        for (const printed of shown) expect(hasUnsafeCharacters(printed)).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses exactly the user names and passwords the MongoDB driver refuses, and any second @', () => {
    const part = fc.string({ unit: fc.constantFrom('a', 'B', '0', ':', '/', '?', '#', '[', ']', '@', '%', '%41', '%zz', '-', '.', ' '), maxLength: 8 });
    fc.assert(
      fc.property(part, fc.option(part, { nil: undefined }), (user, pass) => {
        const uri = `mongodb://${user}${pass === undefined ? '' : `:${pass}`}@h.example:27017/`;
        let driverRefuses = false;
        try {
          new MongoClient(uri);
        } catch {
          driverRefuses = true;
        }
        let oursRefuses = false;
        try {
          parseMongoUri(uri);
        } catch {
          oursRefuses = true;
        }
        // Beyond the driver, a second @ is always refused (below).
        expect(oursRefuses, uri).toBe(driverRefuses || uri.split('@').length > 2);
      }),
      { numRuns: 2000 },
    );
    // Beyond the driver: an @ after the host list, which the driver takes when a / or ? comes first,
    // and then reads the piece of password before it as a host name.
    const stricter = 'mongodb://user:Qaa0aa@Q00a0a/?appName=Qa00a0@cluster0.example.mongodb.net';
    expect(() => new MongoClient(stricter)).not.toThrow();
    expect(() => parseMongoUri(stricter)).toThrow(/another @ after the host list: an @ in the user name, password or an option must be percent-encoded as %40/);
  });
});
