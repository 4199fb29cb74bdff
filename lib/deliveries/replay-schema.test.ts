import { describe, expect, it } from 'vitest';
import { ZReplayDeliveries } from './replay-schema';

const issues = (input: unknown) => {
  const result = ZReplayDeliveries.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
};

describe('ZReplayDeliveries', () => {
  it('takes unix seconds or an ISO date-time with its offset, and replays failed deliveries by default', () => {
    const parsed = ZReplayDeliveries.parse({ since: 1_700_000_000, until: '2023-11-15T00:00:00+01:00' });
    expect(parsed.since.toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(parsed.until?.toISOString()).toBe('2023-11-14T23:00:00.000Z');
    expect(parsed.status).toBe('FAILED');
  });

  it('asks for the start of the range when it is missing', () => {
    expect(issues({})).toEqual([{ path: 'since', message: 'Give the start of the time range' }]);
  });

  it('refuses a time it cannot read, and a range that ends before it starts', () => {
    expect(issues({ since: 'yesterday' })).toEqual([
      { path: 'since', message: 'Give a time as unix seconds or an ISO 8601 date-time with its offset' },
    ]);
    expect(issues({ since: '2024-01-02T00:00:00Z', until: '2024-01-01T00:00:00Z' })).toEqual([
      { path: 'until', message: 'The end must be after the start' },
    ]);
  });

  it('refuses unknown fields and statuses', () => {
    expect(issues({ since: 1_700_000_000, status: 'LOST' }).map((issue) => issue.path)).toEqual(['status']);
    expect(issues({ since: 1_700_000_000, webhookId: 'wh_1' }).length).toBe(1);
  });

  it('replays SUCCEEDED deliveries only with "includeSucceeded": true, and says why', () => {
    const refused = issues({ since: 1, status: 'SUCCEEDED' });
    expect(refused.map((issue) => issue.path)).toEqual(['includeSucceeded']);
    expect(refused[0].message).toMatch(/includeSucceeded.*true/);
    expect(refused[0].message).toMatch(/already got/);
    expect(issues({ since: 1, status: 'SUCCEEDED', includeSucceeded: false }).map((issue) => issue.path)).toEqual(['includeSucceeded']);
    expect(ZReplayDeliveries.parse({ since: 1, status: 'SUCCEEDED', includeSucceeded: true }).status).toBe('SUCCEEDED');
    // The flag confirms SUCCEEDED and nothing else: on FAILED it is a mistake worth naming.
    expect(issues({ since: 1, includeSucceeded: true }).map((issue) => issue.path)).toEqual(['includeSucceeded']);
    expect(issues({ since: 1, status: 'FAILED' })).toEqual([]);
  });
});
