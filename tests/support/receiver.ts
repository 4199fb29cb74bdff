import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceivedRequest = {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Header names and values as they came on the wire (names in the sender's case). */
  rawHeaders: string[];
  body: string;
  receivedAt: number;
};

export type Reply = { status?: number; headers?: Record<string, string>; body?: string; delayMs?: number; hang?: boolean };

/** A real HTTP receiver on loopback that records what it gets and answers as told. */
export class Receiver {
  readonly requests: ReceivedRequest[] = [];
  private server: Server | null = null;
  private replies = new Map<string, (request: ReceivedRequest, index: number) => Reply>();
  private waiters: { predicate: () => boolean; resolve: () => void }[] = [];
  private open = 0;

  /** `host`: the loopback address to listen on (Linux routes all of 127.0.0.0/8 to lo). */
  constructor(private readonly host = '127.0.0.1') {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const received: ReceivedRequest = {
          method: request.method ?? '',
          path: request.url ?? '/',
          headers: request.headers,
          rawHeaders: request.rawHeaders,
          body: Buffer.concat(chunks).toString('utf8'),
          receivedAt: Date.now(),
        };
        this.requests.push(received);
        const onPath = this.requests.filter((r) => r.path === received.path).length - 1;
        const reply: Reply = (this.replies.get(received.path) ?? (() => ({})))(received, onPath);
        const send = () => {
          if (reply.hang) return;
          response.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
          response.end(reply.body ?? '{"ok":true}');
        };
        if (reply.delayMs) setTimeout(send, reply.delayMs);
        else send();
        this.notify();
      });
    });
    this.server.on('connection', (socket) => {
      this.open += 1;
      socket.once('close', () => {
        this.open -= 1;
        this.notify();
      });
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, this.host, resolve));
    return this;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  url(path = '/hook'): string {
    return `http://${this.host}:${this.port}${path}`;
  }

  /** Connections open right now (a killed sender's sockets close once the kernel tells us). */
  get openConnections(): number {
    return this.open;
  }

  /** How to answer requests to a path: by the request and its index among that path's requests. */
  reply(path: string, replier: (request: ReceivedRequest, index: number) => Reply): void {
    this.replies.set(path, replier);
  }

  on(path: string): ReceivedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  waitFor(predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`receiver: condition not met within ${timeoutMs} ms (${this.requests.length} requests so far)`)), timeoutMs);
      this.waiters.push({ predicate, resolve: () => { clearTimeout(timer); resolve(); } });
    });
  }

  waitForCount(path: string, count: number, timeoutMs?: number): Promise<void> {
    return this.waitFor(() => this.on(path).length >= count, timeoutMs);
  }

  private notify(): void {
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.predicate()) return true;
      waiter.resolve();
      return false;
    });
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
