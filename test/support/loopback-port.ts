// Whether anything still accepts connections on a 127.0.0.1 port (a server that should be gone).
import { connect } from 'node:net';

export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
