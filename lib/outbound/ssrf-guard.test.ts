import { describe, expect, it } from 'vitest';
import {
  assertLiteralUrlAllowed,
  DnsLookupError,
  isAddressAllowed,
  OutboundBlockedError,
  parseCidrList,
  resolveAllowedTarget,
  type LookupFunction,
  type LookupResult,
} from './ssrf-guard';

const LOOPBACK = parseCidrList('127.0.0.0/8,::1/128');

/** A lookup that answers from a table and records every name it was asked for. */
function fakeLookup(table: Record<string, string[]>): LookupFunction & { calls: string[] } {
  const calls: string[] = [];
  const lookup = async (hostname: string): Promise<LookupResult[]> => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(lookup, { calls });
}

const noLookup: LookupFunction = async () => {
  throw new Error('an IP literal must not be resolved');
};

async function expectBlocked(promise: Promise<unknown>): Promise<OutboundBlockedError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OutboundBlockedError);
  return error as OutboundBlockedError;
}

describe('isAddressAllowed', () => {
  const blocked = [
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['169.254.169.254', 'cloud metadata / link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'this network'],
    ['192.0.0.8', 'IETF protocol assignments'],
    ['192.0.2.10', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'IPv6 loopback'],
    ['::', 'IPv6 unspecified'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, hex form'],
    ['::ffff:169.254.169.254', 'IPv4-mapped metadata'],
    ['::127.0.0.1', 'IPv4-compatible (deprecated)'],
    ['::ffff:0:7f00:1', 'SIIT / rfc6145'],
    ['fd00::1', 'unique local'],
    ['fc00::1', 'unique local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local with zone'],
    ['fec0::1', 'site-local (deprecated)'],
    ['ff02::1', 'multicast'],
    ['64:ff9b::a00:1', 'NAT64 of 10.0.0.1'],
    ['64:ff9b::7f00:1', 'NAT64 of 127.0.0.1'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 of 169.254.169.254'],
    ['64:ff9b:1::5db8:d822', 'local-use NAT64'],
    ['2002:a00:1::1', '6to4'],
    ['2001::1', 'Teredo'],
    ['2001:db8::1', 'documentation'],
    ['100::1', 'discard'],
    ['not-an-address', 'garbage'],
    ['2130706433', 'shorthand forms are not accepted from a resolver'],
    ['0x7f.1', 'shorthand forms are not accepted from a resolver'],
  ] as const;

  it.each(blocked)('blocks %s (%s)', (address) => {
    expect(isAddressAllowed(address)).toBe(false);
    expect(isAddressAllowed(address, [])).toBe(false);
  });

  it.each(['93.184.216.34', '8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:93.184.216.34', '64:ff9b::5db8:d822'])(
    'allows public unicast %s',
    (address) => {
      expect(isAddressAllowed(address)).toBe(true);
    },
  );

  it('allows loopback only when allowlisted', () => {
    expect(isAddressAllowed('127.0.0.1', parseCidrList('127.0.0.0/8'))).toBe(true);
    expect(isAddressAllowed('127.255.0.9', ['127.0.0.0/8'])).toBe(true);
    expect(isAddressAllowed('::ffff:127.0.0.1', LOOPBACK)).toBe(true);
    expect(isAddressAllowed('::1', LOOPBACK)).toBe(true);
    expect(isAddressAllowed('::1', ['127.0.0.0/8'])).toBe(false);
    expect(isAddressAllowed('10.0.0.1', LOOPBACK)).toBe(false);
    expect(isAddressAllowed('169.254.169.254', LOOPBACK)).toBe(false);
  });

  it('allows exactly the allowlisted private network', () => {
    const allowlist = parseCidrList('10.1.0.0/16');
    expect(isAddressAllowed('10.1.2.3', allowlist)).toBe(true);
    expect(isAddressAllowed('10.2.0.1', allowlist)).toBe(false);
  });
});

describe('parseCidrList', () => {
  it('reads comma or whitespace separated CIDRs and bare addresses', () => {
    const allowlist = parseCidrList(' 127.0.0.0/8, ::1/128\n10.0.0.5 ');
    expect(allowlist.map(([network, bits]) => `${network.toString()}/${bits}`)).toEqual(['127.0.0.0/8', '::1/128', '10.0.0.5/32']);
    expect(parseCidrList('')).toEqual([]);
  });

  it('unwraps an IPv4-mapped network so it matches the unwrapped addresses', () => {
    expect(isAddressAllowed('10.0.0.7', parseCidrList('::ffff:10.0.0.0/104'))).toBe(true);
  });

  it('rejects malformed entries with a message naming them', () => {
    expect(() => parseCidrList('127.0.0.0/8,nonsense')).toThrow(/nonsense/);
    expect(() => parseCidrList('10.0.0.0/33')).toThrow(/10\.0\.0\.0\/33/);
    expect(() => parseCidrList('0x7f.1/8')).toThrow();
  });
});

describe('assertLiteralUrlAllowed', () => {
  const blockedUrls = [
    'http://10.0.0.1/hook',
    'http://172.16.0.1/',
    'http://172.31.255.255/',
    'http://192.168.1.1/',
    'https://127.0.0.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://100.64.0.1/',
    'http://0.0.0.0/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:10.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://2130706433/',
    'http://0177.0.0.1/',
    'http://0x7f000001/',
    'http://0x7f.1/',
    'http://127.1/',
    'http://224.0.0.1/',
    'ftp://93.184.216.34/',
    'file:///etc/passwd',
  ];

  it.each(blockedUrls)('rejects %s', (url) => {
    expect(() => assertLiteralUrlAllowed(url)).toThrow(OutboundBlockedError);
  });

  it('lets hostnames through: they are vetted after resolution at send time', () => {
    for (const url of ['https://hooks.example.com/x', 'http://localhost:3000/', 'http://db.internal/', 'http://printer.local/']) {
      expect(() => assertLiteralUrlAllowed(url)).not.toThrow();
    }
  });

  it('allows public literals, and loopback literals in every spelling when allowlisted', () => {
    expect(() => assertLiteralUrlAllowed('https://93.184.216.34/hook')).not.toThrow();
    expect(() => assertLiteralUrlAllowed('https://[2606:4700:4700::1111]/hook')).not.toThrow();
    for (const url of ['http://127.0.0.1:3000/', 'http://2130706433/', 'http://0x7f.1/', 'http://[::ffff:7f00:1]/', 'http://[::1]/']) {
      expect(() => assertLiteralUrlAllowed(url, LOOPBACK)).not.toThrow();
    }
  });
});

describe('resolveAllowedTarget', () => {
  it('uses an IP literal without resolving it', async () => {
    await expect(resolveAllowedTarget('https://93.184.216.34:8443/x', { lookup: noLookup })).resolves.toEqual({
      address: '93.184.216.34',
      family: 4,
      addresses: [{ address: '93.184.216.34', family: 4 }],
      hostname: '93.184.216.34',
      port: 8443,
    });
    await expect(resolveAllowedTarget('http://[::1]/', { lookup: noLookup, allowlist: LOOPBACK })).resolves.toEqual({
      address: '::1',
      family: 6,
      addresses: [{ address: '::1', family: 6 }],
      hostname: '::1',
      port: 80,
    });
  });

  it.each([
    'http://10.0.0.1/',
    'http://127.0.0.1/',
    'http://169.254.169.254/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:10.0.0.1]/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://2130706433/',
    'http://0177.0.0.1/',
    'http://0x7f000001/',
    'http://224.0.0.1/',
  ])('blocks the literal %s', async (url) => {
    await expectBlocked(resolveAllowedTarget(url, { lookup: noLookup }));
  });

  it('allows a hostname resolving to a public address, with the default port of its scheme', async () => {
    const lookup = fakeLookup({ 'hooks.example.com': ['93.184.216.34'] });
    await expect(resolveAllowedTarget('https://hooks.example.com/x?y=1', { lookup })).resolves.toEqual({
      address: '93.184.216.34',
      family: 4,
      addresses: [{ address: '93.184.216.34', family: 4 }],
      hostname: 'hooks.example.com',
      port: 443,
    });
    expect(lookup.calls).toEqual(['hooks.example.com']);
  });

  it('blocks a hostname when any resolved address is private', async () => {
    const lookup = fakeLookup({ 'mixed.example.com': ['93.184.216.34', '10.0.0.1'] });
    await expectBlocked(resolveAllowedTarget('https://mixed.example.com/', { lookup }));
  });

  it('unwraps an IPv4-mapped answer and returns the IPv4 to connect to', async () => {
    const lookup = fakeLookup({ 'mapped.example.com': ['::ffff:93.184.216.34'] });
    await expect(resolveAllowedTarget('https://mapped.example.com/', { lookup })).resolves.toMatchObject({ address: '93.184.216.34', family: 4 });
    await expectBlocked(resolveAllowedTarget('https://evil.example.com/', { lookup: fakeLookup({ 'evil.example.com': ['::ffff:169.254.169.254'] }) }));
  });

  it('resolves localhost and .localhost/.internal/.local names like any other, blocking loopback and private answers', async () => {
    const lookup = fakeLookup({
      localhost: ['127.0.0.1', '::1'],
      'app.localhost': ['127.0.0.1'],
      'metadata.google.internal': ['169.254.169.254'],
      'nas.local': ['192.168.1.20'],
    });
    for (const url of ['http://localhost:3000/', 'http://app.localhost/', 'http://metadata.google.internal/', 'http://nas.local/']) {
      await expectBlocked(resolveAllowedTarget(url, { lookup }));
    }
    expect(lookup.calls).toEqual(['localhost', 'app.localhost', 'metadata.google.internal', 'nas.local']);
    await expect(resolveAllowedTarget('http://localhost:3000/', { lookup, allowlist: LOOPBACK })).resolves.toEqual({
      address: '127.0.0.1',
      family: 4,
      addresses: [
        { address: '127.0.0.1', family: 4 },
        { address: '::1', family: 6 },
      ],
      hostname: 'localhost',
      port: 3000,
    });
  });

  it('returns every vetted answer, in the resolver order and once each, for the connection to fall back on', async () => {
    const lookup = fakeLookup({ 'dual.example.com': ['2606:4700::1111', '93.184.216.34', '2606:4700::1111', '::ffff:93.184.216.35'] });
    const target = await resolveAllowedTarget('https://dual.example.com/', { lookup });
    expect(target).toMatchObject({ address: '2606:4700::1111', family: 6 });
    expect(target.addresses).toEqual([
      { address: '2606:4700::1111', family: 6 },
      { address: '93.184.216.34', family: 4 },
      { address: '93.184.216.35', family: 4 },
    ]);
  });

  it('vets one resolution and returns it, so a rebinding second answer is never consulted', async () => {
    const answers = ['93.184.216.34', '127.0.0.1'];
    let calls = 0;
    const rebinding: LookupFunction = async () => [{ address: answers[Math.min(calls++, 1)], family: 4 }];
    const target = await resolveAllowedTarget('https://rebind.example.com/', { lookup: rebinding });
    expect(target.address).toBe('93.184.216.34');
    expect(calls).toBe(1);
    // Had anything resolved again, it would have been given the loopback answer, which is blocked.
    await expectBlocked(resolveAllowedTarget('https://rebind.example.com/', { lookup: rebinding }));
  });

  it('keeps the resolved address and the range out of the error', async () => {
    const lookup = fakeLookup({ 'internal.example.com': ['10.20.30.40'] });
    const error = await expectBlocked(resolveAllowedTarget('https://internal.example.com/', { lookup }));
    expect(error.message).toBe('destination not allowed: the host name did not resolve to a public address this server may send to');
    expect(JSON.stringify({ message: error.message, stack: error.stack })).not.toMatch(/10\.20\.30\.40|private|10\.0\.0\.0/);
  });

  it('reports resolver failures and empty answers as DNS errors, not as blocked', async () => {
    const missing = await resolveAllowedTarget('https://nowhere.example.com/', { lookup: fakeLookup({}) }).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(DnsLookupError);
    expect((missing as DnsLookupError).code).toBe('ENOTFOUND');
    const empty = await resolveAllowedTarget('https://empty.example.com/', { lookup: fakeLookup({ 'empty.example.com': [] }) }).catch(
      (error: unknown) => error,
    );
    expect(empty).toBeInstanceOf(DnsLookupError);
  });

  it('blocks a resolver answer that is not a plain address', async () => {
    await expectBlocked(resolveAllowedTarget('https://odd.example.com/', { lookup: fakeLookup({ 'odd.example.com': ['2130706433'] }) }));
  });

  it('gives up on a hanging resolver when the signal aborts', async () => {
    const hanging: LookupFunction = () => new Promise(() => undefined);
    const error = await resolveAllowedTarget('https://slow.example.com/', { lookup: hanging, signal: AbortSignal.timeout(50) }).catch(
      (caught: unknown) => caught,
    );
    expect((error as Error).name).toBe('TimeoutError');
  });
});
