// A local process that floods a loopback port with connections that never finish a request, as an
// attacker on the same host would: `node connection-flood.mjs PORT COUNT`. Half the connections send
// nothing; half send a request line, then one more header byte every 200 ms (slow headers). Each one
// the server closes is opened again at once, so COUNT stay open or on their way. Prints "ready" once
// COUNT connections have been opened, and on SIGTERM "opened N, closed M, longest-lived closed L ms"
// (the age, from connect() to close, of the oldest socket the server closed), then exits.
import { connect } from 'node:net';

const [port, count] = process.argv.slice(2).map(Number);
let opened = 0;
let closed = 0;
let longestClosedMs = 0;
let announced = false;

function open(index) {
  const begin = performance.now();
  const socket = connect(port, '127.0.0.1');
  let drip;
  socket.on('connect', () => {
    opened++;
    if (!announced && opened >= count) {
      announced = true;
      process.stdout.write('ready\n');
    }
    if (index % 2 === 1) {
      socket.write('GET /credentials HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
      drip = setInterval(() => socket.write('a'), 200);
    }
  });
  socket.on('error', () => undefined);
  socket.on('close', () => {
    closed++;
    longestClosedMs = Math.max(longestClosedMs, performance.now() - begin);
    clearInterval(drip);
    setImmediate(() => open(index));
  });
}

for (let i = 0; i < count; i++) open(i);
process.on('SIGTERM', () => {
  process.stdout.write(`opened ${opened}, closed ${closed}, longest-lived closed ${Math.round(longestClosedMs)} ms\n`);
  process.exit(0);
});
