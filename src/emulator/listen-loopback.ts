// Starting a local server on 127.0.0.1 only (the emulator, `credchain serve`): resolves with the port
// once it listens (port 0 = a random free one), rejects on a listen error (a port already taken).

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function listenOnLoopback(server: Server, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}
