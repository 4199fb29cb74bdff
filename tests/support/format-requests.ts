import { createHmac, timingSafeEqual } from 'node:crypto';
import { getEventType } from '../../lib/events/catalog/definitions';
import { deriveResourceId } from '../../lib/events/derive-resource-id';
import type { DeliveryEvent, FormatInput, WireRequest } from '../../lib/formats/wire-format';

// What the wire-format tests in lib/formats/*.test.ts share: one delivery's input, built
// from a catalog sample, and the receiver-side tools (header lookup, HMAC, body parsing)
// done with node:crypto, never with the formats' own helpers.

export const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
export const PREVIOUS_SECRET = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';
export const DELIVERY_ID = 'msg_01hx4q1c9d8e7f6a5b4c3d2e1f';
export const EVENT_ID = 'evt_01hx4q0a1b2c3d4e5f6a7b8c9d';
export const ORGANIZATION_ID = 'org_01hx4kz0demo000000000000000';
export const EVENT_CREATED_AT = new Date('2024-10-04T17:32:11.000Z');
export const NOW = 1_728_063_131; // 2024-10-04T17:32:11Z, the first attempt
export const EVENT_NUMBER = 90_417; // the event's number (a sequence)
export const ACCOUNT_NUMBER = 31_337; // the organization's numeric account id

export function sample(type: string): Record<string, unknown> {
  const definition = getEventType(type);
  if (!definition) throw new Error(`No catalog entry for ${type}`);
  return definition.sample();
}

export type InputOverrides = Omit<Partial<FormatInput>, 'event'> & { event?: Partial<DeliveryEvent>; data?: Record<string, unknown> };

export function makeInput(type: string, overrides: InputOverrides = {}): FormatInput {
  const { data, event, ...rest } = overrides;
  const eventData = data ?? sample(type);
  return {
    deliveryId: DELIVERY_ID,
    event: {
      id: EVENT_ID,
      type,
      organizationId: ORGANIZATION_ID,
      formId: null,
      // As ingestion stores it when the platform sent none (lib/events/emit.ts).
      resourceId: deriveResourceId(type, eventData),
      data: eventData,
      createdAt: EVENT_CREATED_AT,
      test: false,
      number: EVENT_NUMBER,
      platformFormId: null,
      accountNumber: ACCOUNT_NUMBER,
      organizationSlug: 'foobar',
      ...event,
    },
    webhook: { id: 'wh_01hx4kz9mntd8vr2bpqe5ycf3a', name: 'Donor CRM sync', appKey: 'crm-app-key' },
    attempt: 1,
    timestamp: NOW,
    secrets: [SECRET],
    sharedToken: 'sharedsecret',
    ...rest,
  };
}

/** Header lookup as receivers do it: HTTP header names are case-insensitive. */
export function header(request: WireRequest, name: string): string | undefined {
  const entry = Object.entries(request.headers).find(([key]) => key.toLowerCase() === name.toLowerCase());
  return entry?.[1];
}

export function hexHmacSha256(key: string, message: string): string {
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(Buffer.from(message, 'utf8')).digest('hex');
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function parseBody(request: WireRequest): Record<string, unknown> {
  return JSON.parse(request.body) as Record<string, unknown>;
}
