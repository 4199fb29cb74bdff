// The production web server (`npm run web`, and the web process of `npm start`): Next.js
// behind a node:http server of our own, so that X-Forwarded-For says what we trust.
// `next start` keeps whatever X-Forwarded-For a client sends, and the sign-in rate limit
// per address reads it: a client inventing a new address per attempt would get a fresh
// budget each time. Here the header is replaced, before Next sees the request, by the
// connection's address, or by the entry TIDINGS_TRUSTED_PROXIES hops from the right when
// proxies in front of Tidings append to it. The decided address is also handed to the app
// signed with NEXTAUTH_SECRET, so the app can tell it came through here (sign-in is refused
// without it), and X-Forwarded-Proto is replaced by what a trusted proxy said (for HSTS).
import http from 'node:http';
import path from 'node:path';
import { format } from 'node:util';
import { readProcessConfigurationOrExit } from '../lib/env';
import {
  CLIENT_ADDRESS_HEADER,
  CLIENT_ADDRESS_SIGNATURE_HEADER,
  resolveClientAddress,
  resolveForwardedProto,
  stampClientAddress,
} from '../lib/http/client-address';
import { FIXED_SECURITY_HEADERS } from '../lib/http/security-headers';
import { logFailedRequest, maskConsoleOutput } from '../lib/http/request-log';

const root = path.resolve(import.meta.dirname, '..');
// Requests still running at a stop get this long; then their connections are cut. Shorter
// than the launcher's wait before SIGKILL (scripts/start.ts), so a stop is always clean.
const DRAIN_TIMEOUT_MS = 10_000;

function say(line: string): void {
  console.log(`[tidings web] ${line}`);
}

async function main(): Promise<void> {
  // Portal, inbox and invitation URLs carry tokens: nothing this process prints names one,
  // whether we write it or Next.js does (lib/http/request-log.ts).
  maskConsoleOutput(console, format);
  // As `next start` does: a production server unless told otherwise. Set before Next and
  // React load, since they choose their production or development builds on load.
  // (Next types NODE_ENV as read-only.)
  if (!process.env.NODE_ENV) Object.assign(process.env, { NODE_ENV: 'production' });
  const configuration = readProcessConfigurationOrExit();
  const trustedProxies = configuration.TIDINGS_TRUSTED_PROXIES;
  const secret = configuration.NEXTAUTH_SECRET;
  if (!secret) {
    // Without it the app cannot tell our requests from forged ones (nor sign anyone in).
    console.error('[tidings web] NEXTAUTH_SECRET is not set: set it (npm start generates one) and start again');
    process.exit(1);
  }

  const { default: next } = await import('next');
  const app = next({ dev: false, dir: root, port: configuration.PORT });
  // Listening starts at once and requests wait for Next to be ready, as with `next start`:
  // the worker's first deliveries to the built-in inbox find the port open.
  const ready = app.prepare().then(() => app.getRequestHandler());
  ready.catch((error: unknown) => {
    console.error('[tidings web] Next could not start', error);
    process.exit(1);
  });

  const server = http.createServer(async (request, response) => {
    const address = resolveClientAddress({
      socketAddress: request.socket.remoteAddress,
      forwardedFor: request.headers['x-forwarded-for'],
      trustedProxies,
    });
    // Next only fills X-Forwarded-For in when it is missing: what is set here is what the
    // app sees. The app trusts only the signed stamp below (lib/auth/auth-options.ts, the
    // metrics route): a bare `next start` passes a client's X-Forwarded-For on unchanged.
    if (address) request.headers['x-forwarded-for'] = address;
    else delete request.headers['x-forwarded-for'];
    // The address again, signed, so the app knows it came through here (lib/http/client-address.ts):
    // what a client sent under these names is dropped first.
    delete request.headers[CLIENT_ADDRESS_HEADER];
    delete request.headers[CLIENT_ADDRESS_SIGNATURE_HEADER];
    Object.assign(request.headers, stampClientAddress(address ?? 'unknown', secret));
    // https only on a trusted proxy's word (proxy.ts sends HSTS then).
    request.headers['x-forwarded-proto'] = resolveForwardedProto({ forwardedProto: request.headers['x-forwarded-proto'], trustedProxies });
    try {
      const handle = await ready;
      await handle(request, response);
    } catch (error) {
      logFailedRequest(request.url, error);
      if (!response.headersSent) response.writeHead(500, { ...FIXED_SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
      response.end('Internal Server Error');
    }
  });
  server.on('error', (error) => {
    console.error(`[tidings web] ${error.message}`);
    process.exit(1);
  });
  // HOST unset: every interface (`npm run web`); `npm start` passes 127.0.0.1 unless HOST is set.
  server.listen({ port: configuration.PORT, host: configuration.HOST }, () => {
    const via = trustedProxies === 0 ? 'the connection' : `X-Forwarded-For, ${trustedProxies} trusted prox${trustedProxies === 1 ? 'y' : 'ies'} from the right`;
    say(`listening on ${configuration.HOST ?? 'every interface'}, port ${configuration.PORT}; client addresses from ${via}`);
  });

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    say(`stopping (${signal})…`);
    // No new connections; idle keep-alive connections close now, busy ones once their
    // response is sent; whatever still runs after the drain timeout is cut.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const cut = setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS);
    await closed;
    clearTimeout(cut);
    // Then Next itself (work scheduled with `after`, caches), once nothing new can arrive.
    await app.close().catch((error: unknown) => console.error('[tidings web] closing Next failed', error));
    say('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`[tidings web] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
