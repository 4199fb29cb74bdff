import { describe, expect, it } from 'vitest';
import { resolveForwardedProto } from './client-address';
import { contentSecurityPolicy, servedOverHttps } from './security-headers';

// Issue 12 item 7: the policy's required directives, and HSTS only when the client really
// used https (a trusted proxy said so, or the public URL is https).

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((part) => { const [name, ...values] = part.trim().split(/\s+/); return [name, values] as const; }));
}

describe('Content-Security-Policy', () => {
  it('forbids framing, plugins and base changes, and allows scripts from this origin with the nonce only', () => {
    const policy = directives(contentSecurityPolicy({ nonce: 'abc123' }));
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'", "'nonce-abc123'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
  });

  it('allows eval for `next dev` only', () => {
    expect(directives(contentSecurityPolicy({ nonce: 'n', development: true })).get('script-src')).toContain("'unsafe-eval'");
    expect(directives(contentSecurityPolicy({ nonce: 'n' })).get('script-src')!.join(' ')).not.toContain('unsafe');
  });
});

describe('https, for HSTS', () => {
  it('is https only on a trusted proxy’s X-Forwarded-Proto or an https public URL', () => {
    // Our web server decides X-Forwarded-Proto before the app sees it.
    expect(resolveForwardedProto({ forwardedProto: 'https', trustedProxies: 0 })).toBe('http');
    expect(resolveForwardedProto({ forwardedProto: undefined, trustedProxies: 1 })).toBe('http');
    expect(resolveForwardedProto({ forwardedProto: 'https', trustedProxies: 1 })).toBe('https');
    expect(resolveForwardedProto({ forwardedProto: 'http, https', trustedProxies: 1 })).toBe('https');
    expect(resolveForwardedProto({ forwardedProto: 'https, http', trustedProxies: 2 })).toBe('http');

    expect(servedOverHttps({ forwardedProto: 'http', publicUrl: 'http://localhost:3000' })).toBe(false);
    expect(servedOverHttps({ forwardedProto: 'https', publicUrl: 'http://localhost:3000' })).toBe(true);
    expect(servedOverHttps({ forwardedProto: null, publicUrl: 'https://tidings.example.org' })).toBe(true);
    expect(servedOverHttps({ forwardedProto: undefined, publicUrl: undefined })).toBe(false);
  });
});
