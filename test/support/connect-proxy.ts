// A corporate proxy on loopback, for the proxy tests: an HTTP proxy that records what passes through it —
// each CONNECT tunnel (`host:port`) and each plain request in absolute form (`GET http://host/path`). It
// never connects anywhere but loopback: every tunnel ends at a loopback TLS server that presents the test
// certificate of test/fixtures/tls (trusted through ca.pem) for the real AWS host names and hands the
// decrypted request, Host header kept, to the loopback emulator; a plain request goes to the emulator too.
// Also: a tunnelling https.Agent, what a proxy agent package gives a NodeHttpHandler.
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent, createServer as createHttpsServer, type AgentOptions } from 'node:https';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

const TLS = new URL('../fixtures/tls/', import.meta.url);
export const TEST_CA_FILE = new URL('ca.pem', TLS).pathname;
export const TEST_CA = readFileSync(TEST_CA_FILE);

export interface ConnectProxy {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** `CONNECT host:port` and `METHOD absolute-url` lines, in arrival order. */
  readonly seen: string[];
  close(): Promise<void>;
}

/** A proxy whose tunnels and requests all end at `emulatorUrl` (over TLS with the test certificate for tunnels). */
export async function startConnectProxy(emulatorUrl: string): Promise<ConnectProxy> {
  const emulator = new URL(emulatorUrl);
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const forward = (req: IncomingMessage, res: ServerResponse, path: string) => {
    const upstream = httpRequest({ host: emulator.hostname, port: emulator.port, method: req.method, path, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };
  // Where every tunnel ends: TLS with the test certificate, then the emulator.
  const terminator = createHttpsServer({ key: readFileSync(new URL('server-key.pem', TLS)), cert: readFileSync(new URL('server.pem', TLS)) }, (req, res) => {
    // The client reached the host over HTTPS: what a signed proof of the URL (sign-in's DPoP htu) names.
    req.headers['x-forwarded-proto'] = 'https';
    forward(req, res, req.url ?? '/');
  });
  const proxy: Server = createHttpServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '/', 'http://invalid');
    forward(req, res, `${target.pathname}${target.search}`);
  });
  proxy.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    const tunnel = netConnect((terminator.address() as AddressInfo).port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      tunnel.write(head);
      tunnel.pipe(client);
      client.pipe(tunnel);
    });
    for (const socket of [tunnel, client]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    tunnel.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => terminator.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    seen,
    async close() {
      for (const socket of sockets) socket.destroy();
      terminator.closeAllConnections();
      proxy.closeAllConnections();
      await Promise.all([new Promise((resolve) => terminator.close(resolve)), new Promise((resolve) => proxy.close(resolve))]);
    },
  };
}

/** An https.Agent that opens each connection as a CONNECT tunnel through `proxyUrl`, trusting the test CA. */
export function tunnellingAgent(proxyUrl: string, options: AgentOptions = {}): HttpsAgent {
  const proxy = new URL(proxyUrl);
  const agent = new HttpsAgent({ keepAlive: false, ca: TEST_CA, ...options });
  (agent as unknown as { createConnection: unknown }).createConnection = (target: { host: string; port: number; servername?: string }, done: (error: Error | null, socket?: Socket) => void) => {
    const connect = httpRequest({ host: proxy.hostname, port: proxy.port, method: 'CONNECT', path: `${target.host}:${target.port}` });
    connect.on('connect', (answer, socket) => {
      if (answer.statusCode !== 200) return done(new Error(`proxy answered ${answer.statusCode}`));
      done(null, tlsConnect({ socket, servername: target.servername ?? target.host, ca: TEST_CA }));
    });
    connect.on('error', (error) => done(error));
    connect.end();
    return undefined;
  };
  return agent;
}
