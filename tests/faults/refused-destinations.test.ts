// Issue 12.10 (docs/security-model.md: "Blocked targets fail with a generic error that does not reveal
// internal topology"): a webhook whose host does not resolve and one whose host resolves
// to a private address must leave the same trace in the attempt log and the delivery API.
// Were they told apart, anyone allowed to create webhooks could walk a list of internal
// names and learn which exist.
import { describe, expect, it } from 'vitest';
import { resetEnvCache } from '../../lib/env';
import * as deliveryRoute from '../../app/api/v1/deliveries/[id]/route';
import { db } from '../../lib/db';
import { emitEvent } from '../../lib/events/emit';
import type { LookupFunction } from '../../lib/outbound/ssrf-guard';
import { createWebhook } from '../../lib/webhooks/create-webhook';
import { call, createKey, createOrganization } from '../support/fixtures';
import { waitUntil } from '../support/processes';
import { withWorker } from '../support/worker-and-receiver';

// A hostile resolver, injected into the worker: what each name answers.
const ANSWERS: Record<string, { address: string; family: number }[] | { code: string }> = {
  'intranet.corp.tidings.test': [{ address: '10.0.0.7', family: 4 }],
  'metadata.corp.tidings.test': [{ address: '169.254.169.254', family: 4 }],
  'v6.corp.tidings.test': [{ address: 'fd00::1', family: 6 }],
  'missing.corp.tidings.test': { code: 'ENOTFOUND' },
  'servfail.corp.tidings.test': { code: 'EAI_AGAIN' },
  'empty.corp.tidings.test': [],
};

const lookup: LookupFunction = async (hostname) => {
  const answer = ANSWERS[hostname];
  if (answer === undefined || 'code' in answer) {
    const code = answer && 'code' in answer ? answer.code : 'ENOTFOUND';
    throw Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), { code });
  }
  return answer;
};

// Unscaled retries (a minute apart, fixed policy): each delivery stays at its first
// attempt while it is inspected, so attempt counts and retry times compare exactly.
process.env.TIDINGS_RETRY_SCALE = '1';
resetEnvCache();

withWorker({ lookup });

describe('refused destinations', () => {
  it('a name that does not resolve and a name that resolves to a private address leave the same error and the same outcome', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    const hosts = Object.keys(ANSWERS);
    const webhooks = new Map<string, string>();
    for (const host of hosts) {
      const { row } = await createWebhook({
        organizationId: organization.id,
        data: { url: `https://${host}/hook`, events: ['person.created'], retryPolicy: 'fixed' },
      });
      webhooks.set(host, row.id);
    }
    const event = await emitEvent({ organizationId: organization.id, type: 'person.created', data: { signup: { id: 1 } } });
    expect(event.deliveries).toHaveLength(hosts.length);

    const settled = async () =>
      db.delivery.findMany({
        where: { eventId: event.eventId, status: { notIn: ['PENDING'] } },
        include: { attempts: true },
      });
    await waitUntil(async () => (await settled()).length === hosts.length, 30_000, 'every delivery to be attempted');
    const deliveries = await settled();
    console.log(
      `injected: ${hosts.length} webhooks on names the resolver answers with ${hosts.map((host) => `${host} → ${JSON.stringify(ANSWERS[host])}`).join('; ')}`,
    );

    // What a tenant can see of each: the stored attempt, the delivery, and the API's answer.
    const traces = await Promise.all(
      deliveries.map(async (delivery) => {
        const detail = await call(deliveryRoute.GET, { key, params: { id: delivery.id } });
        expect(detail.status).toBe(200);
        const api = {
          status: detail.body.status,
          lastError: detail.body.lastError,
          lastStatusCode: detail.body.lastStatusCode,
          attempts: (detail.body.attempts as Record<string, unknown>[]).map((attempt) => ({ error: attempt.error, response: attempt.response })),
        };
        return {
          host: [...webhooks].find(([, id]) => id === delivery.webhookId)![0],
          trace: {
            status: delivery.status,
            attemptCount: delivery.attemptCount,
            lastError: delivery.lastError,
            lastStatusCode: delivery.lastStatusCode,
            retryInSeconds: Math.round((delivery.nextAttemptAt!.getTime() - delivery.lastAttemptAt!.getTime()) / 1000),
            attempts: delivery.attempts.map((attempt) => ({
              error: attempt.error,
              responseStatus: attempt.responseStatus,
              responseHeaders: attempt.responseHeaders,
              responseBody: attempt.responseBody,
              responseTruncated: attempt.responseTruncated,
            })),
            api,
          },
        };
      }),
    );
    const reference = traces.find((entry) => entry.host === 'intranet.corp.tidings.test')!.trace;
    console.log(`checked: every delivery ${JSON.stringify(reference)}`);
    expect(reference.lastError).toBe('destination not allowed: the host name did not resolve to a public address this server may send to');
    expect(reference.status).toBe('RETRYING');
    for (const { host, trace } of traces) expect(trace, host).toEqual(reference);
    // And nothing names an address, a range or the resolver's verdict.
    const everything = JSON.stringify(traces.map((entry) => entry.trace));
    expect(everything).not.toMatch(/10\.0\.0\.7|169\.254|fd00|ENOTFOUND|EAI_AGAIN|DNS|not found|private/i);
  });
});
