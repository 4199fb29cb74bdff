// A web process for fault tests: serves the real `POST /api/v1/events` route handler
// over node:http (no Next build needed), so a test can SIGKILL it mid-request.
// Prints one JSON line `{"port":…}` on stdout once it listens.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { POST } from '../../app/api/v1/events/route';

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Adapts node:http to a Web `Request`/`Response` route handler, the way Next calls it. */
async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'POST' || request.url !== '/api/v1/events') {
    response.writeHead(404).end();
    return;
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const body = await readBody(request);
  const answer = await POST(new Request(`http://${request.headers.host ?? 'localhost'}${request.url}`, { method: 'POST', headers, body: new Uint8Array(body) }), {
    params: Promise.resolve({}),
  });
  const text = Buffer.from(await answer.arrayBuffer());
  response.writeHead(answer.status, Object.fromEntries(answer.headers));
  response.end(text);
}

const server = createServer((request, response) => {
  handle(request, response).catch((error: unknown) => {
    process.stderr.write(`serve-events-api: ${String(error)}\n`);
    if (!response.headersSent) response.writeHead(500);
    response.end();
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
