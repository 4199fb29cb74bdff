import { describe, expect, it } from 'vitest';
import type { DeliveryWork } from '../deliveries/load-deliveries';
import { prepareBatch } from './attempt-jobs';
import type { DeliveryJob } from './fetch-jobs';

// Delivery semantics (README "Reliability"): automatic attempts (initial, retry) are not
// sent for a delivery already settled (a job re-run after a crash) or a webhook that is
// paused or disabled (SPEC §11: the delivery is HELD until the webhook is resumed); a resend or test is sent
// whatever the state; a job whose delivery is gone is dropped. Per webhook, jobs are sent
// in the order they were fetched.

function job(id: string, deliveryId: string, trigger: DeliveryJob['data']['trigger'], webhookId = 'wh_1'): DeliveryJob {
  return { id, name: 'deliveries', groupId: webhookId, data: { deliveryId, trigger } } as DeliveryJob;
}

function delivery(id: string, overrides: Partial<DeliveryWork> = {}): DeliveryWork {
  return { id, webhookId: 'wh_1', status: 'PENDING', webhookStatus: 'ACTIVE', ...overrides } as DeliveryWork;
}

describe('preparing a fetched batch', () => {
  it('sends pending deliveries per webhook in fetch order, and resends whatever the state', () => {
    const jobs = [job('j1', 'msg_1', 'initial'), job('j2', 'msg_2', 'retry', 'wh_2'), job('j3', 'msg_3', 'resend'), job('j4', 'msg_4', 'test')];
    const work = new Map([
      ['msg_1', delivery('msg_1')],
      ['msg_2', delivery('msg_2', { webhookId: 'wh_2', status: 'RETRYING' })],
      ['msg_3', delivery('msg_3', { status: 'SUCCEEDED', webhookStatus: 'DISABLED' })],
      ['msg_4', delivery('msg_4', { status: 'FAILED', webhookStatus: 'PAUSED' })],
    ]);
    const owners = new Map(jobs.map((j) => [j.id, 'org_a']));
    const prepared = prepareBatch({ jobs, organizationOf: owners }, work);
    expect(prepared.skipped).toEqual([]);
    expect([...prepared.byWebhook].map(([webhookId, items]) => [webhookId, items.map((item) => item.job.id)])).toEqual([
      ['wh_1', ['j1', 'j3', 'j4']],
      ['wh_2', ['j2']],
    ]);
    expect(prepared.byWebhook.get('wh_1')![0].organizationId).toBe('org_a');
  });

  it('skips automatic attempts of settled deliveries and of webhooks that are off, and jobs whose delivery is gone', () => {
    const jobs = [job('j1', 'msg_1', 'retry'), job('j2', 'msg_2', 'initial'), job('j3', 'msg_3', 'initial'), job('j4', 'msg_gone', 'resend'), job('j5', 'msg_5', 'initial')];
    const work = new Map([
      ['msg_1', delivery('msg_1', { status: 'SUCCEEDED' })],
      ['msg_2', delivery('msg_2', { webhookStatus: 'PAUSED' })],
      ['msg_3', delivery('msg_3', { webhookStatus: 'DISABLED' })],
      ['msg_5', delivery('msg_5', { webhookStatus: 'PAUSED', eventType: 'ping' })],
    ]);
    const owners = new Map([['j1', 'org_a'], ['j2', 'org_a'], ['j3', 'org_b'], ['j4', 'webhook:wh_1'], ['j5', 'org_a']]);
    const prepared = prepareBatch({ jobs, organizationOf: owners }, work);
    expect(prepared.byWebhook.size).toBe(0);
    expect(prepared.skipped).toEqual([
      { skip: { jobId: 'j1', deliveryId: 'msg_1' }, organizationId: 'org_a' },
      { skip: { jobId: 'j2', deliveryId: 'msg_2', webhookId: 'wh_1', hold: true }, organizationId: 'org_a' },
      { skip: { jobId: 'j3', deliveryId: 'msg_3', webhookId: 'wh_1', hold: true }, organizationId: 'org_b' },
      { skip: { jobId: 'j4', deliveryId: 'msg_gone' }, organizationId: 'webhook:wh_1' },
      // The creation ping of a webhook paused before it went out is not held: it fails with a reason.
      { skip: { jobId: 'j5', deliveryId: 'msg_5', webhookId: 'wh_1', failWith: expect.stringContaining('paused') }, organizationId: 'org_a' },
    ]);
  });
});
