import { describe, expect, it } from 'vitest';
import { maskRequestHeaders } from '../../lib/deliveries/attempt-delivery';

// Issue 12 item 13: masks show no character of any secret (API key prefixes are an id,
// shown on purpose, and are not masks).

describe('masks of credentials in stored requests', () => {
  it('show no character of the secret, whatever its length', () => {
    const secrets = ['short', 'exactly12chr', 'a-long-token-ending-in-WXYZ', `${'s'.repeat(40)}TAIL`];
    for (const secret of secrets) {
      const masked = maskRequestHeaders({ authorization: `Bearer ${secret}`, 'x-api-token': secret, 'x-session': secret, 'content-type': 'application/json' });
      expect(masked['content-type']).toBe('application/json');
      for (const name of ['authorization', 'x-api-token', 'x-session']) {
        const value = masked[name].replace(/^Bearer /, '');
        expect(value, `${name} for a ${secret.length}-character secret`).toMatch(/^•+$/);
      }
      // The same mask for every secret: its length shows nothing either.
      expect(masked['x-api-token']).toBe('••••••••');
    }
  });
});
