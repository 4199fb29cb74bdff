// The bench's loopback receiver, in its own process: answers 200 at once and notes
// when each delivery arrived, for the parent to read over IPC.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const arrivals: [string, number][] = [];
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    arrivals.push([String(request.headers['webhook-id'] ?? request.headers['x-bench-id'] ?? ''), Date.now()]);
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"ok":true}');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ kind: 'ready', port: (server.address() as AddressInfo).port });
});
process.on('message', (message: { kind: string }) => {
  if (message.kind === 'count') process.send?.({ kind: 'count', count: arrivals.length });
  if (message.kind === 'dump') process.send?.({ kind: 'dump', arrivals });
  if (message.kind === 'reset') {
    arrivals.length = 0;
    process.send?.({ kind: 'reset' });
  }
});
process.on('disconnect', () => process.exit(0));
