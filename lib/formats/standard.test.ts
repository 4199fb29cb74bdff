import { describe, expect, it } from 'vitest';
import { standardBody, standardEnvelope } from './standard';
import type { FormatInput } from './wire-format';

// The standard envelope as the README's wire-format section and the API document it:
// `{ id, type, timestamp, organizationId, formId, resourceId, data, meta }`, meta being the
// webhook's `{ webhookId, name, appKey, test }`. Written out as bytes, so a change in field
// order or spelling, which a receiver comparing signatures of stored bodies would notice,
// fails here.

const EVENT = {
  id: 'evt_01hx4q0a1b2c3d4e5f6a7b8c9d',
  type: 'donation.created',
  organizationId: 'org_01hx4kz0demo000000000000000',
  formId: 'form_01hx4kz0fall0gala000000000',
  resourceId: '87',
  data: { donation: { id: 87, amount_in_cents: 2020 } },
  createdAt: new Date('2024-10-04T17:32:11.000Z'),
  test: true,
  number: 90_417,
  platformFormId: null,
  accountNumber: 31_337,
  organizationSlug: 'foobar',
};

const INPUT: FormatInput = {
  deliveryId: 'msg_01hx4q1c9d8e7f6a5b4c3d2e1f',
  event: EVENT,
  webhook: { id: 'wh_01hx4kz9mntd8vr2bpqe5ycf3a', name: 'Donor CRM sync', appKey: null },
  attempt: 3,
  timestamp: 1_728_063_131,
  secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
  sharedToken: null,
};

describe('standard envelope', () => {
  it('sends the event fields in the documented order, then meta', () => {
    expect(standardBody(INPUT)).toBe(
      '{"id":"evt_01hx4q0a1b2c3d4e5f6a7b8c9d","type":"donation.created","timestamp":"2024-10-04T17:32:11.000Z",' +
        '"organizationId":"org_01hx4kz0demo000000000000000","formId":"form_01hx4kz0fall0gala000000000","resourceId":"87",' +
        '"data":{"donation":{"id":87,"amount_in_cents":2020}},' +
        '"meta":{"webhookId":"wh_01hx4kz9mntd8vr2bpqe5ycf3a","name":"Donor CRM sync","appKey":null,"test":true}}',
    );
  });

  it('gives everything that shows an event the same fields as the body, without the per-webhook meta', () => {
    const envelope = standardEnvelope(EVENT);
    const { meta: _meta, ...sent } = JSON.parse(standardBody(INPUT)) as Record<string, unknown>;
    expect(JSON.stringify(envelope)).toBe(JSON.stringify(sent));
    expect(Object.keys(envelope)).toEqual(['id', 'type', 'timestamp', 'organizationId', 'formId', 'resourceId', 'data']);
  });
});
