import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { createPinnedDispatcher, getDefaultPinnedDispatcher, sendWebhookRequest, type SendWebhookRequestOptions } from './send-webhook-request';
import { parseCidrList, type LookupFunction } from './ssrf-guard';

// A self-signed certificate for tidings-test.example (valid 2000–2100) and its key, test use only.
const TEST_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIBgjCCASigAwIBAgIBATAKBggqhkjOPQQDAjAfMR0wGwYDVQQDDBR0aWRpbmdz
LXRlc3QuZXhhbXBsZTAgFw0wMDAxMDEwMDAwMDBaGA8yMTAwMDEwMTAwMDAwMFow
HzEdMBsGA1UEAwwUdGlkaW5ncy10ZXN0LmV4YW1wbGUwWTATBgcqhkjOPQIBBggq
hkjOPQMBBwNCAATyE9q/nz1k1W6Z7N5iOYsat0md6iAuejVWqIv5OUTZnYjqsm/+
P8NK/5kgEVC4mMJiHIw3vHTI4B8GcsTy/6kgo1MwUTAfBgNVHREEGDAWghR0aWRp
bmdzLXRlc3QuZXhhbXBsZTAPBgNVHRMBAf8EBTADAQH/MB0GA1UdDgQWBBRp2mHi
IIBDmMzZhTNKL0oUuoAYWjAKBggqhkjOPQQDAgNIADBFAiAGXF6jFf6uI65AQ7fL
iDM243V8/LLdBzgilDLP/FgcWQIhAJY0S4R8MTLnq7aBqnUBvT+EEFlSDtBdYY9o
qhIMb0LG
-----END CERTIFICATE-----
`;
const TEST_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg1ypwYAUPU70gxyAb
jG+35MCsL9WUX5njtKiAkkG4AaqhRANCAATyE9q/nz1k1W6Z7N5iOYsat0md6iAu
ejVWqIv5OUTZnYjqsm/+P8NK/5kgEVC4mMJiHIw3vHTI4B8GcsTy/6kg
-----END PRIVATE KEY-----
`;

const LOOPBACK = parseCidrList('127.0.0.0/8');
const TEST_HOST = 'tidings-test.example';

type ReceivedRequest = { method: string; url: string; headers: IncomingMessage['headers']; body: string; servername?: string | false | null };
type TestServer = { origin: string; port: number; received: ReceivedRequest[]; connections: number; close: () => Promise<void> };

const servers: TestServer[] = [];
const dispatcher = createPinnedDispatcher({ ca: TEST_CERTIFICATE });

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await dispatcher.close();
  await getDefaultPinnedDispatcher().close();
});

/** Starts a loopback server on an ephemeral port; the handler runs after the request body arrived. */
async function startServer(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
  options: { tls?: boolean } = {},
): Promise<TestServer> {
  const server: Server = options.tls
    ? createHttpsServer({ key: TEST_PRIVATE_KEY, cert: TEST_CERTIFICATE })
    : createHttpServer();
  const state: TestServer = { origin: '', port: 0, received: [], connections: 0, close: async () => undefined };
  server.on(options.tls ? 'secureConnection' : 'connection', () => {
    state.connections += 1;
  });
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      state.received.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        servername: options.tls ? (request.socket as TLSSocket).servername : undefined,
      });
      handler(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.origin = `${options.tls ? 'https' : 'http'}://127.0.0.1:${state.port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  servers.push(state);
  return state;
}

async function findClosedPort(): Promise<number> {
  const server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function countingLookup(answers: string[]): LookupFunction & { calls: number } {
  const lookup = Object.assign(
    async () => {
      const address = answers[Math.min(lookup.calls, answers.length - 1)];
      lookup.calls += 1;
      return [{ address, family: address.includes(':') ? 6 : 4 }];
    },
    { calls: 0 },
  );
  return lookup;
}

function send(options: Partial<SendWebhookRequestOptions> & { url: string }) {
  return sendWebhookRequest({
    headers: { 'content-type': 'application/json' },
    body: '{"hello":"world"}',
    timeoutMs: 5_000,
    allowlist: LOOPBACK,
    dispatcher,
    ...options,
  });
}

describe('sendWebhookRequest', () => {
  it('POSTs the body and headers and returns status, headers and body', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain', 'x-reply': 'yes' });
      response.end('thanks');
    });
    const result = await send({
      url: `${server.origin}/hooks/in?source=tidings#ignored`,
      headers: { 'content-type': 'application/json', 'x-tidings-event': 'donation.created', 'webhook-id': 'msg_1' },
      body: '{"id":"evt_1"}',
    });
    expect(result).toMatchObject({ status: 200, body: 'thanks', truncated: false });
    expect(result.error).toBeUndefined();
    expect(result.headers['x-reply']).toBe('yes');
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(server.received).toHaveLength(1);
    const [received] = server.received;
    expect(received.method).toBe('POST');
    expect(received.url).toBe('/hooks/in?source=tidings');
    expect(received.body).toBe('{"id":"evt_1"}');
    expect(received.headers).toMatchObject({
      'content-type': 'application/json',
      'x-tidings-event': 'donation.created',
      'webhook-id': 'msg_1',
      host: `127.0.0.1:${server.port}`,
    });
  });

  it('reuses keep-alive connections across requests instead of connecting per request', async () => {
    const server = await startServer((_request, response) => response.end('ok'));
    for (let i = 0; i < 10; i += 1) expect((await send({ url: `${server.origin}/` })).status).toBe(200);
    // undici may open a second socket while the first is being released; never one per request.
    expect(server.connections).toBeLessThanOrEqual(2);
    const before = server.connections;
    for (let i = 0; i < 10; i += 1) expect((await send({ url: `${server.origin}/`, dispatcher: undefined })).status).toBe(200);
    expect(server.connections - before).toBeLessThanOrEqual(2);
    expect(server.received).toHaveLength(20);
  });

  it('returns a 3xx as is and never follows the redirect', async () => {
    const elsewhere = await startServer((_request, response) => response.end('should not be reached'));
    const redirecting = await startServer((_request, response) => {
      response.writeHead(302, { location: `${elsewhere.origin}/stolen` });
      response.end();
    });
    const result = await send({ url: `${redirecting.origin}/` });
    expect(result.status).toBe(302);
    expect(result.headers.location).toBe(`${elsewhere.origin}/stolen`);
    expect(elsewhere.received).toHaveLength(0);
  });

  it('returns non-2xx statuses with their body', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(503, { 'retry-after': '120' });
      response.end('busy');
    });
    expect(await send({ url: server.origin })).toMatchObject({ status: 503, body: 'busy', headers: { 'retry-after': '120' } });
  });

  it('times out a server that never answers, within the deadline', async () => {
    const server = await startServer(() => undefined);
    const started = performance.now();
    const result = await send({ url: server.origin, timeoutMs: 300 });
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ status: null, error: 'Timed out after 0.3 s' });
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(1_500);
  });

  it('counts the body against the same deadline', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200);
      response.write('partial');
    });
    const started = performance.now();
    const result = await send({ url: server.origin, timeoutMs: 300 });
    expect(result).toMatchObject({ status: null, error: 'Timed out after 0.3 s' });
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('keeps at most 20 KB of a 5 MB body and finishes promptly', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(Buffer.alloc(5 * 1024 * 1024, 'a'));
    });
    const started = performance.now();
    const result = await send({ url: server.origin });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(result.status).toBe(200);
    expect(result.truncated).toBe(true);
    expect(Buffer.byteLength(result.body)).toBe(20 * 1024);
  });

  it('stops reading an endless body at the cap instead of waiting for its end', async () => {
    let aborted = false;
    const server = await startServer((_request, response) => {
      response.writeHead(200);
      const timer = setInterval(() => response.write(Buffer.alloc(16 * 1024, 'b')), 5);
      response.on('close', () => {
        clearInterval(timer);
        aborted = !response.writableFinished;
      });
    });
    const result = await send({ url: server.origin, timeoutMs: 10_000 });
    expect(result).toMatchObject({ status: 200, truncated: true });
    expect(result.error).toBeUndefined();
    expect(Buffer.byteLength(result.body)).toBe(20 * 1024);
    await expect.poll(() => aborted).toBe(true);
  });

  it('cuts a truncated body on a character boundary and replaces NUL', async () => {
    const server = await startServer((_request, response) => response.end('€€€€€€'));
    expect(await send({ url: server.origin, maxResponseBytes: 10 })).toMatchObject({ body: '€€€', truncated: true });
    const nul = await startServer((_request, response) => response.end('a\u0000b'));
    expect((await send({ url: nul.origin })).body).toBe('a\uFFFDb');
  });

  it('reports a refused connection', async () => {
    const port = await findClosedPort();
    expect(await send({ url: `http://127.0.0.1:${port}/` })).toMatchObject({ status: null, error: 'Connection refused', body: '' });
  });

  it('reports a receiver that drops the connection', async () => {
    const server = await startServer((request) => request.socket.destroy());
    const result = await send({ url: server.origin });
    expect(result.status).toBeNull();
    expect(result.error).toMatch(/^Connection (reset|closed) by the receiver$/);
  });

  it('reports an oversized header block and an answer that is not HTTP, in plain words', async () => {
    const raw = async (answer: string) => {
      const server = createNetServer((socket) => {
        socket.on('error', () => undefined);
        socket.once('data', () => socket.end(answer));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        return await send({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` });
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    };
    const flood = `HTTP/1.1 200 OK\r\n${Array.from({ length: 2_000 }, (_, i) => `X-Flood-${i}: ${'v'.repeat(50)}\r\n`).join('')}\r\n`;
    expect(await raw(flood)).toMatchObject({ status: null, error: 'Response headers too large' });
    expect(await raw('SSH-2.0-OpenSSH_9.6\r\n')).toMatchObject({ status: null, error: 'Invalid HTTP response' });
  });

  it('connects a hostname to the looked-up address, keeping the Host header', async () => {
    const server = await startServer((_request, response) => response.end('ok'));
    const lookup = countingLookup(['127.0.0.1']);
    const result = await send({ url: `http://${TEST_HOST}:${server.port}/in`, lookup });
    expect(result.status).toBe(200);
    expect(server.received[0].headers.host).toBe(`${TEST_HOST}:${server.port}`);
    expect(lookup.calls).toBe(1);
  });

  it('falls back to the next vetted address when the first refuses (localhost answering ::1, then 127.0.0.1)', async () => {
    // `npm start` listens on 127.0.0.1 only; where `localhost` resolves to ::1 first, the
    // demo's deliveries to http://localhost:3000/inbox/… must still arrive.
    const server = await startServer((_request, response) => response.end('ok'));
    const lookup: LookupFunction = async () => [
      { address: '::1', family: 6 },
      { address: '127.0.0.1', family: 4 },
    ];
    const result = await send({ url: `http://localhost:${server.port}/in`, lookup, allowlist: parseCidrList('127.0.0.0/8,::1/128') });
    expect(result).toMatchObject({ status: 200, body: 'ok' });
    expect(server.received).toHaveLength(1);
    // Only vetted answers are tried: with ::1 vetted but 127.0.0.1 not, nothing connects.
    const blocked = await send({ url: `http://localhost:${server.port}/in`, lookup, allowlist: parseCidrList('::1/128') });
    expect(blocked).toMatchObject({ status: null, error: 'destination not allowed: the host name did not resolve to a public address this server may send to' });
    expect(server.received).toHaveLength(1);
  });

  it('blocks loopback when the allowlist is empty, with the generic message', async () => {
    const server = await startServer((_request, response) => response.end('ok'));
    const literal = await send({ url: server.origin, allowlist: [] });
    expect(literal).toMatchObject({ status: null, error: 'destination not allowed: the host name did not resolve to a public address this server may send to' });
    const named = await send({ url: `http://${TEST_HOST}:${server.port}/`, allowlist: [], lookup: countingLookup(['127.0.0.1']) });
    expect(named).toMatchObject({ status: null, error: 'destination not allowed: the host name did not resolve to a public address this server may send to' });
    expect(JSON.stringify(named)).not.toContain('127.0.0.1');
    expect(server.received).toHaveLength(0);
  });

  it('resolves once per request and connects to that answer (no second DNS resolution)', async () => {
    const server = await startServer((_request, response) => response.end('ok'));
    const steady = countingLookup(['127.0.0.1']);
    for (let i = 1; i <= 3; i += 1) {
      expect((await send({ url: `http://${TEST_HOST}:${server.port}/`, lookup: steady })).status).toBe(200);
      expect(steady.calls).toBe(i);
    }
    // A rebinding resolver: any second question would get an address that cannot be reached.
    const rebinding = countingLookup(['127.0.0.1', '192.0.2.1']);
    const result = await send({ url: `http://rebind.${TEST_HOST}:${server.port}/`, lookup: rebinding });
    expect(result.status).toBe(200);
    expect(rebinding.calls).toBe(1);
    expect(server.received.at(-1)?.headers.host).toBe(`rebind.${TEST_HOST}:${server.port}`);
  });

  it('refuses a name that does not resolve exactly as a name that resolves to a private address (issue 12.10)', async () => {
    const failing = (code: string): LookupFunction => async (hostname) => {
      throw Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), { code });
    };
    const privateAnswer = await send({ url: 'https://intranet.example/', allowlist: [], lookup: countingLookup(['10.1.2.3']) });
    const outcomes = [
      privateAnswer,
      await send({ url: 'https://nowhere.example/', allowlist: [], lookup: failing('ENOTFOUND') }),
      await send({ url: 'https://servfail.example/', allowlist: [], lookup: failing('EAI_AGAIN') }),
      await send({ url: 'https://empty.example/', allowlist: [], lookup: async () => [] }),
    ];
    expect(privateAnswer).toMatchObject({ status: null, error: 'destination not allowed: the host name did not resolve to a public address this server may send to', headers: {}, body: '', truncated: false });
    for (const outcome of outcomes) {
      const { durationMs: _ignored, ...rest } = outcome;
      const { durationMs: _reference, ...reference } = privateAnswer;
      expect(rest).toEqual(reference);
    }
  });

  it('gives up on a hanging resolver at the deadline', async () => {
    const hanging: LookupFunction = () => new Promise(() => undefined);
    const started = performance.now();
    expect(await send({ url: 'https://slow-dns.example/', lookup: hanging, timeoutMs: 200 })).toMatchObject({
      status: null,
      error: 'Timed out after 0.2 s',
    });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('never throws for an unusable URL', async () => {
    expect(await send({ url: 'not a url' })).toMatchObject({ status: null, error: 'Invalid URL' });
    expect(await send({ url: 'ftp://127.0.0.1/' })).toMatchObject({ status: null, error: 'destination not allowed: the host name did not resolve to a public address this server may send to' });
  });

  it('measures the duration with the injected clock', async () => {
    const server = await startServer((_request, response) => response.end('ok'));
    const ticks = [1_000, 1_250];
    expect((await send({ url: server.origin, now: () => ticks.shift() ?? 0 })).durationMs).toBe(250);
  });

  describe('over TLS', () => {
    it('presents the hostname as SNI and verifies the certificate against it, while connecting to the vetted address', async () => {
      const server = await startServer((_request, response) => response.end('secure'), { tls: true });
      const lookup = countingLookup(['127.0.0.1']);
      const result = await send({ url: `https://${TEST_HOST}:${server.port}/`, lookup });
      expect(result).toMatchObject({ status: 200, body: 'secure' });
      expect(server.received[0].servername).toBe(TEST_HOST);
      expect(server.received[0].headers.host).toBe(`${TEST_HOST}:${server.port}`);
      expect(lookup.calls).toBe(1);
    });

    it('reports an untrusted certificate and a name mismatch as TLS errors', async () => {
      const server = await startServer((_request, response) => response.end('secure'), { tls: true });
      const untrusted = createPinnedDispatcher();
      try {
        const result = await send({ url: `https://${TEST_HOST}:${server.port}/`, lookup: countingLookup(['127.0.0.1']), dispatcher: untrusted });
        expect(result).toMatchObject({ status: null, error: 'TLS certificate is self-signed' });
      } finally {
        await untrusted.close();
      }
      const mismatch = await send({ url: `https://other.example:${server.port}/`, lookup: countingLookup(['127.0.0.1']) });
      expect(mismatch).toMatchObject({ status: null, error: 'TLS certificate does not match the host name' });
      expect(server.received).toHaveLength(0);
    });
  });
});
