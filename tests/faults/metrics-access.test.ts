import { afterEach, describe, expect, it } from 'vitest';
import * as metricsRoute from '../../app/api/metrics/route';
import { env, parseEnv, resetEnvCache } from '../../lib/env';
import { stampClientAddress } from '../../lib/http/client-address';

// Issue 12 item 11: /api/metrics is not public. With TIDINGS_METRICS_TOKEN set it needs
// that bearer token; unset, it answers only to loopback clients, by the address our web
// server decided (never by a client's X-Forwarded-For).

const TOKEN = 'metrics-token-for-this-test-0123456789';

function scrape(headers: Record<string, string>): Promise<Response> {
  return metricsRoute.GET(new Request('http://localhost/api/metrics', { headers }));
}

const through = (address: string) => stampClientAddress(address, env().NEXTAUTH_SECRET!);

afterEach(() => {
  delete process.env.TIDINGS_METRICS_TOKEN;
  resetEnvCache();
});

describe('/api/metrics access', () => {
  it('without TIDINGS_METRICS_TOKEN answers loopback clients only', async () => {
    for (const address of ['127.0.0.1', '::1']) {
      const response = await scrape(through(address));
      expect(response.status, address).toBe(200);
      expect(await response.text()).toContain('tidings_queue_depth');
    }
    for (const address of ['192.0.2.10', '10.0.0.5', '2001:db8::1']) {
      const response = await scrape(through(address));
      expect(response.status, address).toBe(403);
      expect(await response.text()).toContain('TIDINGS_METRICS_TOKEN');
    }
  });

  it('without TIDINGS_METRICS_TOKEN a forged X-Forwarded-For or address header is no loopback', async () => {
    expect((await scrape({})).status).toBe(403);
    expect((await scrape({ 'x-forwarded-for': '127.0.0.1' })).status).toBe(403);
    expect((await scrape({ 'x-tidings-client-address': '127.0.0.1' })).status).toBe(403);
    expect((await scrape(stampClientAddress('127.0.0.1', 'a-guessed-secret-value'))).status).toBe(403);
  });

  it('with TIDINGS_METRICS_TOKEN needs the bearer token, from any address, loopback included', async () => {
    process.env.TIDINGS_METRICS_TOKEN = TOKEN;
    resetEnvCache();
    expect((await scrape(through('127.0.0.1'))).status).toBe(403);
    expect((await scrape({ ...through('192.0.2.10'), authorization: 'Bearer wrong-token-wrong-token' })).status).toBe(403);
    expect((await scrape({ authorization: `Bearer ${TOKEN}x` })).status).toBe(403);
    expect((await scrape({ authorization: TOKEN })).status).toBe(403);
    const allowed = await scrape({ ...through('192.0.2.10'), authorization: `Bearer ${TOKEN}` });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain('tidings_queue_depth');
  });

  it('refuses a guessable TIDINGS_METRICS_TOKEN at startup', () => {
    expect(() => parseEnv({ TIDINGS_METRICS_TOKEN: 'short' })).toThrow(/TIDINGS_METRICS_TOKEN: must be at least 16 characters/);
  });
});
