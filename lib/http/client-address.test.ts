import { describe, expect, it } from 'vitest';
import {
  addressRateLimitKey,
  CLIENT_ADDRESS_HEADER,
  CLIENT_ADDRESS_SIGNATURE_HEADER,
  isLoopbackAddress,
  normalizeAddress,
  readStampedClientAddress,
  resolveClientAddress,
  stampClientAddress,
} from './client-address';

describe('client address', () => {
  it('is the connection’s address when no X-Forwarded-For was sent', () => {
    expect(resolveClientAddress({ socketAddress: '198.51.100.4', forwardedFor: undefined, trustedProxies: 0 })).toBe('198.51.100.4');
    expect(resolveClientAddress({ socketAddress: '198.51.100.4', forwardedFor: '', trustedProxies: 0 })).toBe('198.51.100.4');
  });

  it('ignores a forged X-Forwarded-For entirely with no trusted proxies', () => {
    for (const forged of ['203.0.113.9', '203.0.113.9, 192.0.2.1', '::1', 'unknown', ['203.0.113.9', '192.0.2.1']]) {
      expect(resolveClientAddress({ socketAddress: '198.51.100.4', forwardedFor: forged, trustedProxies: 0 })).toBe('198.51.100.4');
    }
  });

  it('takes the entry the one trusted proxy appended, not what the client put before it', () => {
    // The client sent "X-Forwarded-For: 203.0.113.9"; the proxy (10.0.0.2) appended 198.51.100.4.
    expect(resolveClientAddress({ socketAddress: '10.0.0.2', forwardedFor: '203.0.113.9, 198.51.100.4', trustedProxies: 1 })).toBe('198.51.100.4');
    expect(resolveClientAddress({ socketAddress: '10.0.0.2', forwardedFor: '198.51.100.4', trustedProxies: 1 })).toBe('198.51.100.4');
    // Repeated header lines count as one chain, in order.
    expect(resolveClientAddress({ socketAddress: '10.0.0.2', forwardedFor: ['203.0.113.9', '198.51.100.4'], trustedProxies: 1 })).toBe('198.51.100.4');
  });

  it('counts two trusted hops from the right', () => {
    // client → CDN (appends the client) → load balancer (appends the CDN) → Tidings
    expect(resolveClientAddress({ socketAddress: '10.0.0.2', forwardedFor: '203.0.113.9, 198.51.100.4, 172.16.0.8', trustedProxies: 2 })).toBe('198.51.100.4');
    expect(resolveClientAddress({ socketAddress: '10.0.0.2', forwardedFor: '198.51.100.4,172.16.0.8', trustedProxies: 2 })).toBe('198.51.100.4');
  });

  it('falls back to the connection’s address when the chain is shorter than the trusted hops', () => {
    expect(resolveClientAddress({ socketAddress: '10.0.0.2', forwardedFor: undefined, trustedProxies: 1 })).toBe('10.0.0.2');
    expect(resolveClientAddress({ socketAddress: '10.0.0.2', forwardedFor: '198.51.100.4', trustedProxies: 2 })).toBe('10.0.0.2');
    expect(resolveClientAddress({ socketAddress: '10.0.0.2', forwardedFor: ' , ,', trustedProxies: 1 })).toBe('10.0.0.2');
  });

  it('falls back to the connection’s address when the trusted entry is no address', () => {
    for (const entry of ['unknown', 'evil.example', '127.1', '300.1.1.1', '_hidden']) {
      expect(resolveClientAddress({ socketAddress: '10.0.0.2', forwardedFor: `203.0.113.9, ${entry}`, trustedProxies: 1 }), entry).toBe('10.0.0.2');
    }
  });

  it('handles IPv6 peers and entries, with or without brackets and ports', () => {
    expect(resolveClientAddress({ socketAddress: '2001:DB8:0:0::1', forwardedFor: 'spoofed', trustedProxies: 0 })).toBe('2001:db8::1');
    expect(resolveClientAddress({ socketAddress: '::1', forwardedFor: undefined, trustedProxies: 0 })).toBe('::1');
    expect(resolveClientAddress({ socketAddress: 'fd00::2', forwardedFor: '203.0.113.9, 2001:db8:0:0:0:0:0:7', trustedProxies: 1 })).toBe('2001:db8::7');
    expect(resolveClientAddress({ socketAddress: 'fd00::2', forwardedFor: '[2001:db8::7]:4711', trustedProxies: 1 })).toBe('2001:db8::7');
    expect(resolveClientAddress({ socketAddress: '10.0.0.2', forwardedFor: '198.51.100.4:4711', trustedProxies: 1 })).toBe('198.51.100.4');
  });

  it('reports IPv4-mapped IPv6 addresses as plain IPv4', () => {
    // A dual-stack listener reports IPv4 peers this way.
    expect(resolveClientAddress({ socketAddress: '::ffff:127.0.0.1', forwardedFor: '203.0.113.9', trustedProxies: 0 })).toBe('127.0.0.1');
    expect(resolveClientAddress({ socketAddress: '::ffff:10.0.0.2', forwardedFor: '::ffff:198.51.100.4', trustedProxies: 1 })).toBe('198.51.100.4');
    expect(resolveClientAddress({ socketAddress: '::ffff:10.0.0.2', forwardedFor: undefined, trustedProxies: 1 })).toBe('10.0.0.2');
  });

  it('gives one spelling per address, so rewriting it makes no new key', () => {
    expect(['::ffff:7f00:1', '::FFFF:127.0.0.1', '127.0.0.1'].map(normalizeAddress)).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1']);
    expect(['0:0:0:0:0:0:0:1', '::1', '[::1]:80'].map(normalizeAddress)).toEqual(['::1', '::1', '::1']);
  });

  it('has no address once the connection is gone', () => {
    expect(resolveClientAddress({ socketAddress: undefined, forwardedFor: '203.0.113.9', trustedProxies: 0 })).toBeUndefined();
    expect(resolveClientAddress({ socketAddress: undefined, forwardedFor: '203.0.113.9, 198.51.100.4', trustedProxies: 1 })).toBe('198.51.100.4');
  });

  it('keys IPv4 by the address and IPv6 by its /64, so one subscriber cannot rotate through its block', () => {
    expect(addressRateLimitKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressRateLimitKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressRateLimitKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(addressRateLimitKey('2001:DB8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressRateLimitKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(addressRateLimitKey('::1')).toBe('::/64');
  });
});

describe('the address stamp of our web server', () => {
  const secret = 'a-secret-of-this-test-0123456789';
  const header = (headers: Record<string, string>) => (name: string) => headers[name];

  it('reads back the address it stamped, with the same secret only', () => {
    const stamped = stampClientAddress('198.51.100.4', secret);
    expect(readStampedClientAddress(header(stamped), secret)).toBe('198.51.100.4');
    expect(readStampedClientAddress(header(stamped), `${secret}x`)).toBeUndefined();
    expect(readStampedClientAddress(header(stamped), undefined)).toBeUndefined();
  });

  it('refuses an address without a signature, with another address’s signature, or with a malformed one', () => {
    const stamped = stampClientAddress('198.51.100.4', secret);
    expect(readStampedClientAddress(header({ [CLIENT_ADDRESS_HEADER]: '127.0.0.1' }), secret)).toBeUndefined();
    expect(readStampedClientAddress(header({ ...stamped, [CLIENT_ADDRESS_HEADER]: '127.0.0.1' }), secret)).toBeUndefined();
    expect(readStampedClientAddress(header({ ...stamped, [CLIENT_ADDRESS_SIGNATURE_HEADER]: 'zz' }), secret)).toBeUndefined();
    expect(readStampedClientAddress(header({}), secret)).toBeUndefined();
  });

  it('knows loopback addresses', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(address), address).toBe(true);
    for (const address of ['192.0.2.1', '10.0.0.1', 'fd00::2', 'unknown', '']) expect(isLoopbackAddress(address), address).toBe(false);
  });
});
