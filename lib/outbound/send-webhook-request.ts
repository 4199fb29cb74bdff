import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction as NetLookupFunction } from 'node:net';
import { Pool, type Dispatcher } from 'undici';
import {
  DnsLookupError,
  OutboundBlockedError,
  resolveAllowedTarget,
  type AllowlistInput,
  type LookupFunction,
  type LookupResult,
  type VettedAddress,
  type VettedTarget,
} from './ssrf-guard';

export type SendWebhookRequestOptions = {
  url: string;
  /** Sent as given; the caller supplies content-type. Host comes from the URL. */
  headers: Record<string, string>;
  body: string;
  /** One deadline for DNS, connect, response headers and the (capped) body. */
  timeoutMs: number;
  allowlist: AllowlistInput;
  lookup?: LookupFunction;
  maxResponseBytes?: number;
  dispatcher?: PinnedDispatcher;
  /** Milliseconds from any fixed origin; only differences are used. */
  now?: () => number;
};

export type SendResult = {
  /** null when no HTTP response arrived (blocked, DNS, connect, TLS, timeout, reset). */
  status: number | null;
  headers: Record<string, string>;
  body: string;
  truncated: boolean;
  durationMs: number;
  error?: string;
};

/**
 * Keep-alive connection pools that can only reach vetted addresses. Each pool belongs
 * to one (origin, vetted address) pair and its sockets resolve the hostname to that
 * address alone, so the URL — and with it the Host header, TLS SNI and certificate
 * check — keeps the real hostname while DNS has no say at connect time.
 */
export type PinnedDispatcher = {
  dispatcherFor(origin: string, target: VettedTarget): Dispatcher;
  /** Closes every pool; the dispatcher stays usable and opens new pools on demand. */
  close(): Promise<void>;
};

export type PinnedDispatcherOptions = {
  /** Pools kept open at once; the least recently used one is closed beyond this. */
  maxPools?: number;
  connectionsPerPool?: number;
  /** Extra trusted CA certificates (PEM), for tests and private PKI. */
  ca?: string | string[];
};

const DEFAULT_MAX_RESPONSE_BYTES = 20 * 1024;
const DEFAULT_MAX_POOLS = 1_000;
const DEFAULT_CONNECTIONS_PER_POOL = 64;
const DNS_CACHE_TTL_MS = 30_000;
const DNS_CACHE_MAX_ENTRIES = 10_000;

function pinLookup(addresses: VettedAddress[]): NetLookupFunction {
  return (_hostname, options, callback) => {
    // Node asks for every address when autoSelectFamily (Happy Eyeballs) is on, and then
    // tries the next vetted one when a connection is refused; else the first only.
    if (options.all) {
      (callback as (error: null, addresses: LookupResult[]) => void)(null, addresses.map(({ address, family }) => ({ address, family })));
    } else {
      callback(null, addresses[0].address, addresses[0].family);
    }
  };
}

export function createPinnedDispatcher(options: PinnedDispatcherOptions = {}): PinnedDispatcher {
  const maxPools = options.maxPools ?? DEFAULT_MAX_POOLS;
  const pools = new Map<string, Pool>();

  return {
    dispatcherFor(origin, target) {
      const key = `${origin}|${target.addresses.map((entry) => entry.address).join(',')}`;
      const existing = pools.get(key);
      if (existing) {
        // Re-insert so Map order is least-recently-used first.
        pools.delete(key);
        pools.set(key, existing);
        return existing;
      }
      const pool = new Pool(origin, {
        connections: options.connectionsPerPool ?? DEFAULT_CONNECTIONS_PER_POOL,
        pipelining: 1,
        connect: { lookup: pinLookup(target.addresses), ...(options.ca ? { ca: options.ca } : {}) },
      });
      pools.set(key, pool);
      if (pools.size > maxPools) {
        const [oldestKey, oldest] = pools.entries().next().value as [string, Pool];
        pools.delete(oldestKey);
        // close() lets requests already queued on it finish.
        void oldest.close().catch(() => undefined);
      }
      return pool;
    },
    async close() {
      const open = [...pools.values()];
      pools.clear();
      await Promise.all(open.map((pool) => pool.close().catch(() => undefined)));
    },
  };
}

let processDispatcher: PinnedDispatcher | undefined;

/** The process-wide pools every send shares unless told otherwise (close it on shutdown). */
export function getDefaultPinnedDispatcher(): PinnedDispatcher {
  processDispatcher ??= createPinnedDispatcher();
  return processDispatcher;
}

// The system resolver runs on libuv's small thread pool; at thousands of deliveries a
// second to a few hosts it would queue. Answers are still vetted on every send.
const dnsCache = new Map<string, { expiresAt: number; answers: Promise<LookupResult[]> }>();

export const lookupWithSystemResolver: LookupFunction = (hostname) => {
  const now = Date.now();
  const cached = dnsCache.get(hostname);
  if (cached && cached.expiresAt > now) return cached.answers;
  const answers = dnsLookup(hostname, { all: true, verbatim: true });
  dnsCache.delete(hostname);
  dnsCache.set(hostname, { expiresAt: now + DNS_CACHE_TTL_MS, answers });
  if (dnsCache.size > DNS_CACHE_MAX_ENTRIES) dnsCache.delete(dnsCache.keys().next().value as string);
  // A failure must not be served from the cache to later sends.
  answers.catch(() => {
    if (dnsCache.get(hostname)?.answers === answers) dnsCache.delete(hostname);
  });
  return answers;
};

function flattenHeaders(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = replaceNul(Array.isArray(value) ? value.join(', ') : value);
  }
  return flat;
}

// PostgreSQL text cannot hold NUL; a hostile receiver must not be able to break the log.
function replaceNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

/** Drops a UTF-8 sequence cut in half at the end, so truncation adds no replacement char. */
function cutAtCharacterBoundary(bytes: Buffer): Buffer {
  let start = bytes.length - 1;
  // Walk back over continuation bytes (10xxxxxx) to the lead byte of the last character.
  while (start >= 0 && start > bytes.length - 4 && (bytes[start] & 0xc0) === 0x80) start -= 1;
  if (start < 0) return bytes;
  const lead = bytes[start];
  const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return start + length > bytes.length ? bytes.subarray(0, start) : bytes;
}

function decodeCapped(bytes: Buffer, maxBytes: number): string {
  let text = replaceNul(cutAtCharacterBoundary(bytes).toString('utf8'));
  // Invalid input decodes to U+FFFD (3 bytes each) and can outgrow the cap; re-cut the valid re-encoding.
  if (Buffer.byteLength(text) > maxBytes) text = cutAtCharacterBoundary(Buffer.from(text).subarray(0, maxBytes)).toString('utf8');
  return text;
}

/**
 * Reads at most `maxBytes`, then destroys the stream: the rest of a large body is never read.
 * Plain 'data' events rather than an async iterator: one fewer promise and iterator step per
 * chunk on the worker's hottest path.
 */
function readCapped(body: Dispatcher.ResponseData['body'], maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Whatever ends the read: no more listening, and an error the stream emits later (destroying
    // an unfinished body emits an abort error) goes nowhere.
    const stop = () => {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      body.on('error', () => undefined);
    };
    const onData = (chunk: Buffer) => {
      if (size + chunk.length <= maxBytes) {
        chunks.push(chunk);
        size += chunk.length;
        return;
      }
      chunks.push(chunk.subarray(0, maxBytes - size));
      size = maxBytes;
      stop();
      body.destroy();
      resolve({ text: decodeCapped(Buffer.concat(chunks, size), maxBytes), truncated: true });
    };
    const onEnd = () => {
      stop();
      resolve({ text: decodeCapped(Buffer.concat(chunks, size), maxBytes), truncated: false });
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
  });
}

/** Every error in the chain: the error, its causes, and each error of an AggregateError. */
function errorChain(error: unknown): object[] {
  const chain: object[] = [];
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    chain.push(current);
    queue.push((current as { cause?: unknown }).cause);
    // Happy Eyeballs reports one error per attempted address.
    if (current instanceof AggregateError) queue.push(...current.errors);
  }
  return chain;
}

function errorCodes(chain: object[]): string[] {
  return chain.flatMap((current) => {
    const { code } = current as { code?: unknown };
    return typeof code === 'string' ? [code] : [];
  });
}

const TLS_MESSAGES: Record<string, string> = {
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host name',
  CERT_HAS_EXPIRED: 'TLS certificate has expired',
  CERT_NOT_YET_VALID: 'TLS certificate is not yet valid',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate chain is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate is not trusted',
  UNABLE_TO_GET_ISSUER_CERT: 'TLS certificate is not trusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'TLS certificate is not trusted',
};

/** The one stored error of every refused destination: blocked address, unknown name, empty or failed DNS answer. */
export const REFUSED_DESTINATION = new OutboundBlockedError().message;

/**
 * Short, stable text for the delivery log. Raw messages are not echoed: some carry
 * addresses or internal detail (undici's connect errors list the attempted addresses).
 */
function describeError(error: unknown, timedOut: boolean, timeoutMs: number): string {
  // A name that does not resolve and a name that resolves to a refused address read the
  // same, and end the same way (a failed attempt, retried by the webhook's policy): told
  // apart, they would let anyone with a webhook probe which internal names exist.
  if (error instanceof OutboundBlockedError || error instanceof DnsLookupError) return REFUSED_DESTINATION;
  const chain = errorChain(error);
  const codes = errorCodes(chain);
  const has = (...wanted: string[]) => wanted.some((code) => codes.includes(code));
  if (timedOut || has('UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT')) {
    return `Timed out after ${Math.round(timeoutMs / 100) / 10} s`;
  }
  if (has('UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT')) return 'Timed out connecting';
  if (has('ERR_INVALID_URL')) return 'Invalid URL';
  if (has('ECONNREFUSED')) return 'Connection refused';
  if (has('ECONNRESET', 'EPIPE')) return 'Connection reset by the receiver';
  if (has('UND_ERR_SOCKET')) return 'Connection closed by the receiver';
  if (has('UND_ERR_HEADERS_OVERFLOW')) return 'Response headers too large';
  // undici's HTTPParserError (llhttp's HPE_* codes, when it has one): the answer was not HTTP.
  if (codes.some((code) => code.startsWith('HPE_')) || chain.some((current) => current instanceof Error && current.name === 'HTTPParserError')) {
    return 'Invalid HTTP response';
  }
  if (has('EHOSTUNREACH')) return 'Host unreachable';
  if (has('ENETUNREACH')) return 'Network unreachable';
  const tlsCode = codes.find((code) => code in TLS_MESSAGES || /CERT|SSL|TLS/.test(code));
  if (tlsCode) return TLS_MESSAGES[tlsCode] ?? `TLS error (${tlsCode})`;
  if (has('UND_ERR_INVALID_ARG', 'ERR_INVALID_ARG_TYPE', 'ERR_INVALID_CHAR', 'ERR_INVALID_HTTP_TOKEN')) {
    return 'Invalid request headers';
  }
  return codes.length > 0 ? `Request failed (${codes[0]})` : 'Request failed';
}

/**
 * One webhook POST: to the vetted address only, no redirects (a 3xx is returned as
 * is), one deadline for DNS, connect, headers and body, and at most `maxResponseBytes`
 * read. Never throws for network trouble: the result carries the error text instead.
 */
export async function sendWebhookRequest(options: SendWebhookRequestOptions): Promise<SendResult> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const url = new URL(options.url);
    const target = await resolveAllowedTarget(url, {
      lookup: options.lookup ?? lookupWithSystemResolver,
      allowlist: options.allowlist,
      signal,
    });
    const dispatcher = (options.dispatcher ?? getDefaultPinnedDispatcher()).dispatcherFor(url.origin, target);
    // No redirect interceptor is composed in, so a 3xx comes back as the answer.
    const response = await dispatcher.request({
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: options.headers,
      body: options.body,
      signal,
    });
    const { text, truncated } = await readCapped(response.body, maxBytes);
    return { status: response.statusCode, headers: flattenHeaders(response.headers), body: text, truncated, durationMs: now() - started };
  } catch (error) {
    return {
      status: null,
      headers: {},
      body: '',
      truncated: false,
      durationMs: now() - started,
      error: describeError(error, signal.aborted, options.timeoutMs),
    };
  }
}
