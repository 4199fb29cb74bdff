import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeCallbackPath } from './safe-callback-url';

// Whatever callbackUrl a link carries, sign-in lands on this origin (docs/security-model.md#authentication).

const ORIGIN = 'http://localhost:3000';

describe('safeCallbackPath', () => {
  it('sends every way of naming another host to the console home', () => {
    const hostile = [
      '/\\evil.example',
      '/%5Cevil.example',
      '/%5cevil.example',
      '/%255Cevil.example',
      '/%09/evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '//evil.example',
      '///evil.example',
      '/%2Fevil.example',
      '/.//evil.com',
      '/./\\evil.com',
      '/a/..//evil.com',
      '/.%2f%2fevil.com',
      '/..%2f%2fevil.com',
      '/.%2f%2fevil.com%',
      '/%2fevil.example',
      '\\\\evil.example',
      'https://evil.example',
      'https://evil.example/webhooks',
      'http://localhost:3000.evil.example/',
      'http://localhost:3001/webhooks',
      '//localhost:3000@evil.example',
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      ' /webhooks',
      'evil.example',
      '',
    ];
    for (const value of hostile) {
      expect(safeCallbackPath(value, ORIGIN), JSON.stringify(value)).toBe('/');
      expect(safeCallbackPath(value), JSON.stringify(value)).toBe('/');
    }
    expect(safeCallbackPath(undefined)).toBe('/');
    expect(safeCallbackPath(['/webhooks'])).toBe('/');
  });

  it('keeps a path on this origin, with its query and fragment', () => {
    expect(safeCallbackPath('/webhooks')).toBe('/webhooks');
    expect(safeCallbackPath('/deliveries?status=FAILED#top')).toBe('/deliveries?status=FAILED#top');
    expect(safeCallbackPath('/webhooks/wh_123/edit')).toBe('/webhooks/wh_123/edit');
    // Normalized the way a browser would: no way out through dot segments.
    expect(safeCallbackPath('/a/../webhooks')).toBe('/webhooks');
  });

  it('keeps an absolute URL of exactly this origin as its path', () => {
    expect(safeCallbackPath(`${ORIGIN}/webhooks?x=1`, ORIGIN)).toBe('/webhooks?x=1');
    expect(safeCallbackPath(`${ORIGIN}`, ORIGIN)).toBe('/');
    expect(safeCallbackPath(`${ORIGIN}/webhooks`)).toBe('/');
  });
});

describe('safeCallbackPath, for every input built of slashes, backslashes, dots, escapes, tabs and letters', () => {
  const HOME = 'https://tidings.example';
  const piece = fc.constantFrom('/', '\\', '.', '..', '%2f', '%2F', '%5c', '%5C', '%252f', '%09', '\t', '\n', 'a', 'evil.com', '@', ':', '?', '#', '%');
  const input = fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join(''));

  /** A same-origin path: "/" alone, or "/" then a character that is neither "/" nor "\". */
  function assertSameOrigin(path: string, input: string) {
    expect(path === '/' || /^\/[^/\\]/.test(path), `${JSON.stringify(input)} → ${JSON.stringify(path)}`).toBe(true);
    expect(new URL(path, HOME).origin, `${JSON.stringify(input)} → ${JSON.stringify(path)}`).toBe(HOME);
    // Decoded once more (a later layer may unescape it), it still stays home.
    let decoded: string | null = null;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      decoded = null;
    }
    if (decoded !== null) expect(new URL(decoded, HOME).origin, `${JSON.stringify(input)} → ${JSON.stringify(path)} decoded`).toBe(HOME);
  }

  it('returns a path on this origin', () => {
    fc.assert(
      fc.property(input, (value) => {
        assertSameOrigin(safeCallbackPath(value), value);
        assertSameOrigin(safeCallbackPath(value, HOME), value);
        assertSameOrigin(safeCallbackPath(`${HOME}${value}`, HOME), `${HOME}${value}`);
      }),
      { numRuns: 5000 },
    );
  });
});
