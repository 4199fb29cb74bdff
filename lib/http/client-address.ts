import { createHmac, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

// Which address a request comes from, for the sign-in rate limit. X-Forwarded-For is
// whatever the client sent, with one address appended by each proxy it passed through:
// only the entries those proxies added can be believed. With `trustedProxies` hops in
// front of Tidings, the entry that many places from the right is the client as the
// outermost of them saw it; everything left of it is the client's own claim. With no
// trusted proxies the header is ignored and the connection's own address decides.
// The web server (scripts/web-server.ts) calls this for every request and replaces
// X-Forwarded-For with the answer before Next sees the request.

export type ClientAddressInput = {
  /** `request.socket.remoteAddress`: undefined once the connection is gone. */
  socketAddress: string | undefined;
  /** The incoming X-Forwarded-For header, as Node gives it (repeated headers joined by commas). */
  forwardedFor: string | string[] | undefined;
  /** How many proxies in front of Tidings append to X-Forwarded-For (TIDINGS_TRUSTED_PROXIES). */
  trustedProxies: number;
};

/** The client's address, normalized; undefined only when the connection has no address left. */
export function resolveClientAddress({ socketAddress, forwardedFor, trustedProxies }: ClientAddressInput): string | undefined {
  const fromSocket = socketAddress === undefined ? undefined : normalizeAddress(socketAddress);
  if (trustedProxies <= 0) return fromSocket;
  const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  // A shorter chain did not come through every trusted proxy, so none of it is vouched
  // for; an entry that is no address was not written by a proxy. Either way the peer
  // decides: one shared budget for what arrives that way, never one per forged value.
  if (chain.length < trustedProxies) return fromSocket;
  return normalizeAddress(chain[chain.length - trustedProxies]) ?? fromSocket;
}

/**
 * One spelling per address, so that writing it differently makes no new rate-limit key:
 * IPv4-mapped IPv6 (::ffff:127.0.0.1, how a dual-stack socket reports IPv4 peers) becomes
 * plain IPv4, IPv6 is lowercased and compressed (RFC 5952), and a port or the brackets
 * some proxies add (203.0.113.7:4711, [2001:db8::7]:4711) are dropped.
 */
export function normalizeAddress(value: string): string | undefined {
  const address = stripPort(value.trim());
  // node:net is strict (no "127.1", no hex or octal forms that ipaddr.js would also accept).
  const version = isIP(address);
  if (version === 4) return ipaddr.IPv4.parse(address).toString();
  if (version === 6) {
    const parsed = ipaddr.IPv6.parse(address);
    return parsed.isIPv4MappedAddress() ? parsed.toIPv4Address().toString() : parsed.toRFC5952String();
  }
  return undefined;
}

function stripPort(value: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) return bracketed[1];
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(value);
  return withPort ? withPort[1] : value;
}

/**
 * The rate-limit key of an address: IPv4 as is; IPv6 by its /64, the block one subscriber
 * gets, so a client cannot rotate through its own 2^64 addresses for fresh budgets.
 */
export function addressRateLimitKey(address: string): string {
  const normalized = normalizeAddress(address);
  if (!normalized || isIP(normalized) !== 6) return normalized ?? address;
  const parts = ipaddr.IPv6.parse(normalized).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toRFC5952String()}/64`;
}

// Whether a request came through our web server. scripts/web-server.ts decides the client's
// address and hands it to the app in CLIENT_ADDRESS_HEADER, with an HMAC of it under
// NEXTAUTH_SECRET in CLIENT_ADDRESS_SIGNATURE_HEADER (it removes both from what clients
// send first). A bare `next start` adds neither, and a client cannot forge the signature:
// the app then has no address it can believe, and refuses to serve sign-in.

export const CLIENT_ADDRESS_HEADER = 'x-tidings-client-address';
export const CLIENT_ADDRESS_SIGNATURE_HEADER = 'x-tidings-client-address-signature';

function addressSignature(address: string, secret: string): string {
  return createHmac('sha256', secret).update(`tidings client address\n${address}`).digest('hex');
}

/** The two headers our web server sets on each request it hands to Next. */
export function stampClientAddress(address: string, secret: string): Record<string, string> {
  return { [CLIENT_ADDRESS_HEADER]: address, [CLIENT_ADDRESS_SIGNATURE_HEADER]: addressSignature(address, secret) };
}

/**
 * The address our web server decided for this request, or undefined when the request did
 * not come through it (no header, or a signature that does not match).
 */
export function readStampedClientAddress(header: (name: string) => string | null | undefined, secret: string | undefined): string | undefined {
  const address = header(CLIENT_ADDRESS_HEADER);
  const signature = header(CLIENT_ADDRESS_SIGNATURE_HEADER);
  if (!secret || !address || !signature) return undefined;
  const expected = Buffer.from(addressSignature(address, secret), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? address : undefined;
}

/** Whether an address (as our web server decided it) is this machine. */
export function isLoopbackAddress(address: string): boolean {
  const normalized = normalizeAddress(address);
  if (!normalized) return false;
  return ipaddr.parse(normalized).range() === 'loopback';
}

/**
 * The scheme the client used: our web server speaks plain HTTP, so it is https only when a
 * trusted proxy in front says so (X-Forwarded-Proto, set by the proxy nearest to Tidings).
 */
export function resolveForwardedProto({ forwardedProto, trustedProxies }: { forwardedProto: string | string[] | undefined; trustedProxies: number }): 'http' | 'https' {
  if (trustedProxies <= 0) return 'http';
  const entries = (Array.isArray(forwardedProto) ? forwardedProto.join(',') : (forwardedProto ?? '')).split(',').map((entry) => entry.trim().toLowerCase()).filter(Boolean);
  return entries.at(-1) === 'https' ? 'https' : 'http';
}
