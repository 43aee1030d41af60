// The connections of serve's endpoint, held to what a credentials endpoint needs, so that no local
// process can lock the token holder out by opening connections and sending nothing (a flood of idle
// or slow-header connections). A socket must send a complete request line and headers within a
// deadline of seconds after it connects (or after its last answer, when kept alive); one that does
// not is destroyed — closed both ways at once, not half-closed with end(), which leaves it open as
// long as the peer likes. When every slot is taken, a new connection takes the slot of the oldest
// socket that never sent a request, else of the oldest one idle between requests; a request being
// answered is never dropped. Node's own headersTimeout is checked only every 30 s
// (connectionsCheckingInterval) and its maxConnections refuses the newest connection — the token
// holder's — so neither is used here.

import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { realTimers, type Timers } from './timers.js';

export interface ConnectionLimits {
  /** How long a socket may take to send its request's line and headers (from connect, or from its last answer). */
  headerDeadlineMs: number;
  /** Open sockets at most; a new one beyond this takes an idle one's slot. */
  maxConnections: number;
}

export interface ConnectionSlots {
  /** Sockets open now. */
  open(): number;
}

/** `timers`: real ones unless a test drives the deadline on a virtual clock. */
export function limitConnections(server: Server, limits: ConnectionLimits, timers: Timers = realTimers): ConnectionSlots {
  // Insertion order is age: the first key of each map is its oldest socket.
  const neverAsked = new Map<Socket, unknown>();
  const idleBetween = new Map<Socket, unknown>();
  const answering = new Set<Socket>();
  const open = () => neverAsked.size + idleBetween.size + answering.size;

  const forget = (socket: Socket) => {
    for (const waiting of [neverAsked, idleBetween]) {
      if (waiting.has(socket)) timers.clear(waiting.get(socket));
      waiting.delete(socket);
    }
    answering.delete(socket);
  };
  const drop = (socket: Socket) => {
    forget(socket);
    socket.destroy();
  };
  const awaitRequest = (socket: Socket, waiting: Map<Socket, unknown>) => {
    waiting.set(socket, timers.set(() => drop(socket), limits.headerDeadlineMs));
  };

  server.on('connection', (socket: Socket) => {
    if (open() >= limits.maxConnections) {
      const oldest = neverAsked.keys().next().value ?? idleBetween.keys().next().value;
      if (oldest === undefined) {
        // Every slot is answering a request: the newcomer waits for none of them.
        socket.destroy();
        return;
      }
      drop(oldest);
    }
    awaitRequest(socket, neverAsked);
    socket.once('close', () => forget(socket));
  });

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const socket = request.socket;
    forget(socket);
    answering.add(socket);
    response.once('close', () => {
      if (answering.delete(socket) && !socket.destroyed) awaitRequest(socket, idleBetween);
    });
  });

  return { open };
}
