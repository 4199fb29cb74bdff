import { describe, expect, it } from 'vitest';
import { safeCallbackPath } from './safe-callback-url';

// Issue 12 item 6: whatever callbackUrl a link carries, sign-in lands on this origin.

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
