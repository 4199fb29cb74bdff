import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

// docs/security-model.md#ssrf-guard: outbound requests reach only public unicast addresses (or networks the
// operator allowed) and connect to the very address that was checked, so that a
// webhook URL cannot be used to probe the host, its cloud metadata or the LAN.

type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

export type LookupResult = { address: string; family: number };
/** Resolves a hostname to every address it has; injectable so the guard is tested without DNS. */
export type LookupFunction = (hostname: string) => Promise<LookupResult[]>;
export type AllowedNetwork = readonly [IpAddress, number];
/** Networks reachable despite the block, e.g. loopback for the local demo and tests. */
export type Allowlist = readonly AllowedNetwork[];
/** Callers may pass CIDR strings directly; hot paths should parse once with `parseCidrList`. */
export type AllowlistInput = Allowlist | readonly string[];

export type VettedAddress = { address: string; family: 4 | 6 };
/**
 * `address`/`family`: the first vetted answer; `addresses`: every answer, all vetted, in
 * the resolver's order, for the connection to fall back on (a name such as `localhost`
 * answering ::1 and 127.0.0.1 while the receiver listens on one of them only).
 */
export type VettedTarget = VettedAddress & { addresses: VettedAddress[]; hostname: string; port: number };

export class OutboundBlockedError extends Error {
  constructor() {
    // Deliberately vague: the text reaches the delivery log and the API, and naming the
    // resolved address or the matching range would map the internal network for an attacker.
    super('destination not allowed: the host name did not resolve to a public address this server may send to');
    this.name = 'OutboundBlockedError';
  }
}

/** The resolver failed or had no answer; `code` is the resolver's (ENOTFOUND, EAI_AGAIN …). */
export class DnsLookupError extends Error {
  readonly code: string;

  constructor(code: string) {
    super('DNS lookup failed');
    this.name = 'DnsLookupError';
    this.code = code;
  }
}

// ipaddr.js already classifies all of these as non-unicast; listing them again keeps the
// guard closed if a future ipaddr.js release reclassifies a range.
const ALWAYS_BLOCKED: Allowlist = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.88.99.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4',
  '240.0.0.0/4',
  'fc00::/7',
  'fe80::/10',
  'fec0::/10',
  'ff00::/8',
  '2001:db8::/32',
  '2002::/16',
  '2001::/32',
].map((cidr) => ipaddr.parseCIDR(cidr));

// Everything outside 2000::/3 is unassigned or special (IPv4-compatible ::a.b.c.d,
// ::ffff:0:a.b.c.d, 100::/64 …), and ipaddr.js calls some of those "unicast".
const IPV6_GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');
// The well-known NAT64 prefix carries an IPv4 address in its last 32 bits: it is as
// safe as that address, so a DNS64 network can still reach public receivers.
const NAT64_WELL_KNOWN = ipaddr.parseCIDR('64:ff9b::/96');

function matchesNetwork(address: IpAddress, [network, bits]: AllowedNetwork): boolean {
  // ipaddr.js throws when asked to match an IPv4 address against an IPv6 network.
  return address.kind() === network.kind() && address.match(network, bits);
}

function parseCidr(entry: string): AllowedNetwork {
  const cidr = entry.includes('/') ? entry : `${entry}/${isIP(entry) === 6 ? 128 : 32}`;
  if (!ipaddr.isValidCIDR(cidr) || isIP(cidr.slice(0, cidr.lastIndexOf('/'))) === 0) {
    throw new Error(`Invalid network "${entry}": expected a CIDR such as 127.0.0.0/8 or ::1/128`);
  }
  const [network, bits] = ipaddr.parseCIDR(cidr);
  // Addresses are judged after IPv4-mapped IPv6 is unwrapped, so a mapped network must be too.
  if (network instanceof ipaddr.IPv6 && network.isIPv4MappedAddress() && bits >= 96) {
    return [network.toIPv4Address(), bits - 96];
  }
  return [network, bits];
}

/** Parses a comma- or whitespace-separated list of CIDRs (a bare address means just itself). */
export function parseCidrList(text: string): Allowlist {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(parseCidr);
}

function normalizeAllowlist(input: AllowlistInput): Allowlist {
  const networks: AllowedNetwork[] = [];
  for (const entry of input) networks.push(typeof entry === 'string' ? parseCidr(entry) : entry);
  return networks;
}

/**
 * Parses a textual address strictly (dotted-quad IPv4 or IPv6, optionally bracketed):
 * the shorthand forms ipaddr.js also accepts (`0x7f.1`, `2130706433`) never reach here
 * from a URL, and a resolver answering with them is not to be trusted.
 */
function parseAddress(address: string): IpAddress | null {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (isIP(bare) === 0) return null;
  try {
    // Unwraps IPv4-mapped IPv6 (::ffff:10.0.0.1) so it is judged as the IPv4 it is.
    return ipaddr.process(bare);
  } catch {
    return null;
  }
}

function isPublicUnicast(address: IpAddress, allowlist: Allowlist): boolean {
  if (ALWAYS_BLOCKED.some((network) => matchesNetwork(address, network))) return false;
  if (address instanceof ipaddr.IPv4) return address.range() === 'unicast';
  if (matchesNetwork(address, NAT64_WELL_KNOWN)) {
    const embedded = ipaddr.fromByteArray(address.toByteArray().slice(12));
    return isParsedAddressAllowed(embedded, allowlist);
  }
  return matchesNetwork(address, IPV6_GLOBAL_UNICAST) && address.range() === 'unicast';
}

function isParsedAddressAllowed(address: IpAddress, allowlist: Allowlist): boolean {
  if (allowlist.some((network) => matchesNetwork(address, network))) return true;
  return isPublicUnicast(address, allowlist);
}

/**
 * True when a request may connect to this address: public unicast, or inside an
 * allowlisted network. Unparseable input is refused.
 */
export function isAddressAllowed(address: string, allowlist: AllowlistInput = []): boolean {
  const parsed = parseAddress(address);
  return parsed !== null && isParsedAddressAllowed(parsed, normalizeAllowlist(allowlist));
}

/** The URL's host when it is an IP literal (after WHATWG URL normalisation), else null. */
function literalAddressOf(url: URL): IpAddress | null {
  return parseAddress(url.hostname);
}

function assertHttpUrl(url: URL): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundBlockedError();
}

/**
 * The synchronous check at URL creation time: an IP literal — including the decimal,
 * octal and hex IPv4 forms that URL parsing turns into dotted quads — must be allowed.
 * Hostnames pass here; they are vetted after resolution, at every send.
 */
export function assertLiteralUrlAllowed(url: string, allowlist: AllowlistInput = []): void {
  const parsed = new URL(url);
  assertHttpUrl(parsed);
  const literal = literalAddressOf(parsed);
  if (literal !== null && !isParsedAddressAllowed(literal, normalizeAllowlist(allowlist))) {
    throw new OutboundBlockedError();
  }
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Resolves the URL's host once and vets every address it resolves to (one bad answer
 * taints the name: the system resolver might prefer it on the next connect). The caller
 * connects to the returned address only, so a later, rebinding answer is never used.
 * `localhost`, `*.localhost`, `*.internal`, `*.local` resolve like any name: their
 * loopback/private answers are blocked unless allowlisted.
 */
export async function resolveAllowedTarget(
  url: string | URL,
  options: { lookup: LookupFunction; allowlist?: AllowlistInput; signal?: AbortSignal },
): Promise<VettedTarget> {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  assertHttpUrl(parsed);
  const allowlistInput = options.allowlist ?? NO_ALLOWLIST;
  const verdicts = verdictsFor(allowlistInput);
  const port = parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
  const hostname = parsed.hostname.startsWith('[') ? parsed.hostname.slice(1, -1) : parsed.hostname;

  let addresses = verdicts.literals.get(parsed.hostname);
  if (addresses === undefined) {
    const literal = literalAddressOf(parsed);
    if (literal !== null) {
      addresses = vetAddresses([literal], allowlistInput);
      if (verdicts.literals.size >= MAX_REMEMBERED_LITERALS) verdicts.literals.clear();
      verdicts.literals.set(parsed.hostname, addresses);
    } else {
      let answers: LookupResult[];
      try {
        answers = await abortable(options.lookup(parsed.hostname), options.signal);
      } catch (error) {
        if (options.signal?.aborted) throw error;
        const code = (error as { code?: unknown } | null)?.code;
        throw new DnsLookupError(typeof code === 'string' ? code : 'ENOTFOUND');
      }
      if (answers.length === 0) throw new DnsLookupError('ENODATA');
      addresses = verdicts.answers.get(answers);
      if (addresses === undefined) {
        const parsedAnswers = answers.map((answer) => parseAddress(answer.address));
        addresses = parsedAnswers.some((answer) => answer === null) ? null : vetAddresses(parsedAnswers as IpAddress[], allowlistInput);
        verdicts.answers.set(answers, addresses);
      }
    }
  }
  if (addresses === null) throw new OutboundBlockedError();
  return { ...addresses[0], addresses, hostname, port };
}

/** The addresses to connect to, deduplicated, or null when any of them is refused. */
function vetAddresses(candidates: IpAddress[], allowlistInput: AllowlistInput): VettedAddress[] | null {
  const allowlist = normalizeAllowlist(allowlistInput);
  if (!candidates.every((candidate) => isParsedAddressAllowed(candidate, allowlist))) return null;
  const addresses: VettedAddress[] = [];
  for (const candidate of candidates) {
    const address = candidate.toString();
    if (!addresses.some((known) => known.address === address)) addresses.push({ address, family: candidate.kind() === 'ipv6' ? 6 : 4 });
  }
  return addresses;
}

// Vetting is a pure function of the addresses and the allowlist, and a busy worker vets the
// same few hosts thousands of times a second: verdicts are kept per allowlist (by identity),
// per IP-literal host and per answer list (the DNS cache hands out one list per name while
// it is fresh; a new answer is a new list, vetted anew).
const NO_ALLOWLIST: AllowlistInput = [];
const MAX_REMEMBERED_LITERALS = 10_000;
type Verdicts = { literals: Map<string, VettedAddress[] | null>; answers: WeakMap<LookupResult[], VettedAddress[] | null> };
const verdictsByAllowlist = new WeakMap<AllowlistInput, Verdicts>();
function verdictsFor(allowlist: AllowlistInput): Verdicts {
  let verdicts = verdictsByAllowlist.get(allowlist);
  if (!verdicts) {
    verdicts = { literals: new Map(), answers: new WeakMap() };
    verdictsByAllowlist.set(allowlist, verdicts);
  }
  return verdicts;
}
