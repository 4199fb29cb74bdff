import { describe, expect, it } from 'vitest';
import { MASK, maskSecrets } from './mask-secrets';

// docs/security-model.md#audit-log: secrets never enter the audit log, and every other value
// stays readable — a date as a date, not an empty object.

describe('audit changes', () => {
  it('keeps dates as ISO text, at any depth', () => {
    const expiresAt = new Date('2026-12-08T10:00:00.000Z');
    const masked = maskSecrets({ expiresAt, window: { until: expiresAt } });
    expect(JSON.parse(JSON.stringify(masked))).toEqual({ expiresAt: '2026-12-08T10:00:00.000Z', window: { until: '2026-12-08T10:00:00.000Z' } });
  });

  it('masks secrets, before and after, and keeps null', () => {
    expect(maskSecrets({ apiToken: { before: null, after: 'tok' }, secret: 'whsec_x', name: 'n' })).toEqual({ apiToken: { before: null, after: MASK }, secret: MASK, name: 'n' });
  });
});
