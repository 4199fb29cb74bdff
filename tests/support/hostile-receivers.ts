// Receivers that misbehave on purpose, on loopback, for the fault tests: each records
// how many connections it accepted and how many bytes it managed to push out.
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';

export type HostileReceiver = {
  name: string;
  url: string;
  connections: number;
  /** Bytes written per connection, in order. */
  bytesWritten: number[];
  close: () => Promise<void>;
};

type AnyServer = HttpServer | NetServer;

async function listen(name: string, server: AnyServer, sockets: Set<Socket>, state: Omit<HostileReceiver, 'url' | 'close' | 'name'>): Promise<HostileReceiver> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: HostileReceiver = {
    name,
    url: `http://127.0.0.1:${port}/${name}`,
    get connections() {
      return state.connections;
    },
    bytesWritten: state.bytesWritten,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return receiver;
}

function track(server: AnyServer, sockets: Set<Socket>, state: { connections: number; bytesWritten: number[] }, onSocket?: (socket: Socket, index: number) => void): void {
  server.on('connection', (socket: Socket) => {
    const index = state.connections;
    state.connections += 1;
    state.bytesWritten.push(0);
    sockets.add(socket);
    // The worker hangs up on these receivers mid-write: that is the point, not an error.
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
    onSocket?.(socket, index);
  });
}

/** Answers `status` with a body of `totalBytes` (a declared Content-Length, or chunked when null), written as fast as the socket takes it. */
export async function startFloodingReceiver(name: string, options: { status: number; totalBytes: number | null }): Promise<HostileReceiver> {
  const state = { connections: 0, bytesWritten: [] as number[] };
  const sockets = new Set<Socket>();
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const indexOf = new WeakMap<Socket, number>();
  const server = createHttpServer((request, response) => {
    request.resume();
    const index = indexOf.get(request.socket) ?? 0;
    response.on('error', () => undefined);
    response.writeHead(options.status, {
      'content-type': 'text/plain',
      ...(options.totalBytes === null ? {} : { 'content-length': String(options.totalBytes) }),
    });
    let remaining = options.totalBytes ?? Number.POSITIVE_INFINITY;
    const pump = () => {
      while (remaining > 0 && !response.destroyed) {
        const piece = remaining >= chunk.length ? chunk : chunk.subarray(0, remaining);
        remaining -= piece.length;
        state.bytesWritten[index] += piece.length;
        if (!response.write(piece)) {
          response.once('drain', pump);
          return;
        }
      }
      if (remaining <= 0) response.end();
    };
    pump();
  });
  server.keepAliveTimeout = 1_000;
  track(server, sockets, state, (socket, index) => indexOf.set(socket, index));
  return listen(name, server, sockets, state);
}

/** Reads the request, then sends a status line and headers one byte a second, never finishing them. */
export async function startTricklingReceiver(name: string): Promise<HostileReceiver> {
  const state = { connections: 0, bytesWritten: [] as number[] };
  const sockets = new Set<Socket>();
  const head = Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Slow: ${'z'.repeat(10_000)}`);
  const server = createNetServer();
  track(server, sockets, state, (socket, index) => {
    socket.once('data', () => {
      let offset = 0;
      const timer = setInterval(() => {
        if (socket.destroyed || offset >= head.length) return clearInterval(timer);
        socket.write(head.subarray(offset, offset + 1));
        offset += 1;
        state.bytesWritten[index] += 1;
      }, 1_000);
      socket.once('close', () => clearInterval(timer));
    });
  });
  return listen(name, server, sockets, state);
}

/** Accepts the connection, reads the request, never answers. */
export async function startSilentReceiver(name: string): Promise<HostileReceiver> {
  const state = { connections: 0, bytesWritten: [] as number[] };
  const sockets = new Set<Socket>();
  const server = createNetServer();
  track(server, sockets, state, (socket) => socket.resume());
  return listen(name, server, sockets, state);
}

/** Alternately resets the connection once the request arrives (RST) and closes it before reading anything (FIN). */
export async function startResettingReceiver(name: string): Promise<HostileReceiver> {
  const state = { connections: 0, bytesWritten: [] as number[] };
  const sockets = new Set<Socket>();
  const server = createNetServer();
  track(server, sockets, state, (socket, index) => {
    if (index % 2 === 0) socket.once('data', () => socket.resetAndDestroy());
    else socket.destroy();
  });
  return listen(name, server, sockets, state);
}

/** Bytes that are not UTF-8: stray continuation bytes, truncated and overlong sequences, encoded surrogates, NUL. */
export const INVALID_UTF8 = Buffer.from([
  0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0x00, 0xed, 0xa0, 0x80, 0xc0, 0xaf, 0xf8, 0x88, 0x80, 0x80, 0x80, 0x80, 0x0a,
]);

/** Answers 500 with a body of invalid UTF-8 (larger than the 20 KB cap) and a header of raw high bytes. */
export async function startInvalidUtf8Receiver(name: string): Promise<HostileReceiver> {
  const state = { connections: 0, bytesWritten: [] as number[] };
  const sockets = new Set<Socket>();
  const body = Buffer.concat(Array.from({ length: Math.ceil(30_000 / INVALID_UTF8.length) }, () => INVALID_UTF8));
  const server = createNetServer();
  track(server, sockets, state, (socket, index) => {
    socket.once('data', () => {
      const head = Buffer.concat([
        Buffer.from('HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain; charset=utf-8\r\nX-Raw: '),
        Buffer.from([0xff, 0xfe, 0x80, 0xe9]),
        Buffer.from(`\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`),
      ]);
      socket.end(Buffer.concat([head, body]));
      state.bytesWritten[index] += head.length + body.length;
    });
  });
  return listen(name, server, sockets, state);
}

/** Sends a 200 status and headers at once, then the body one byte a second. */
export async function startSlowBodyReceiver(name: string): Promise<HostileReceiver> {
  const state = { connections: 0, bytesWritten: [] as number[] };
  const sockets = new Set<Socket>();
  const server = createNetServer();
  track(server, sockets, state, (socket, index) => {
    socket.once('data', () => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n');
      const timer = setInterval(() => {
        if (socket.destroyed) return clearInterval(timer);
        socket.write('.');
        state.bytesWritten[index] += 1;
      }, 1_000);
      socket.once('close', () => clearInterval(timer));
    });
  });
  return listen(name, server, sockets, state);
}

/** Answers with an endless stream of headers, fast: a header block that never ends. */
export async function startHeaderFloodReceiver(name: string): Promise<HostileReceiver> {
  const state = { connections: 0, bytesWritten: [] as number[] };
  const sockets = new Set<Socket>();
  const lines = Buffer.from(Array.from({ length: 1_000 }, (_, i) => `X-Flood-${i}: ${'v'.repeat(50)}\r\n`).join(''));
  const server = createNetServer();
  track(server, sockets, state, (socket, index) => {
    socket.once('data', () => {
      socket.write('HTTP/1.1 200 OK\r\n');
      const pump = () => {
        while (!socket.destroyed && state.bytesWritten[index] < 2 ** 30) {
          state.bytesWritten[index] += lines.length;
          if (!socket.write(lines)) return void socket.once('drain', pump);
        }
      };
      pump();
    });
  });
  return listen(name, server, sockets, state);
}
