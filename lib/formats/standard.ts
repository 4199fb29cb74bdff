import { hexBodySignature, signStandardWebhook } from '../signing/standard-webhooks';
import {
  singleSignatureSecret,
  USER_AGENT,
  type DeliveryEvent,
  type FormatInput,
  type WireFormat,
  type WireRequest,
} from './wire-format';

type EnvelopeEvent<Data> = Pick<DeliveryEvent, 'id' | 'type' | 'organizationId' | 'formId' | 'resourceId' | 'createdAt'> & {
  data: Data;
};

/**
 * The event part of the standard envelope, in the order it is sent: the one place that
 * says how an event looks "as sent", for the body below and for everything that shows an
 * event (the delivery detail's payload).
 */
export function standardEnvelope<Data>(event: EnvelopeEvent<Data>) {
  return {
    id: event.id,
    type: event.type,
    timestamp: event.createdAt.toISOString(),
    organizationId: event.organizationId,
    formId: event.formId,
    resourceId: event.resourceId,
    data: event.data,
  };
}

export function standardBody(input: FormatInput): string {
  const { event, webhook } = input;
  return JSON.stringify({
    ...standardEnvelope(event),
    // No attempt number here: a delivery is an immutable message, the same bytes on every
    // attempt and resend; the attempt travels in the `x-tidings-attempt` header.
    meta: { webhookId: webhook.id, name: webhook.name, appKey: webhook.appKey, test: event.test },
  });
}

/** Standard Webhooks headers plus the plain body HMAC that Site Stacker/Webconnex-style receivers check. */
export const standardFormat: WireFormat = {
  name: 'standard',
  buildRequest(input: FormatInput): WireRequest {
    const body = standardBody(input);
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'webhook-id': input.deliveryId,
        'webhook-timestamp': String(input.timestamp),
        'webhook-signature': signStandardWebhook({ secrets: input.secrets, id: input.deliveryId, timestamp: input.timestamp, body }),
        'x-tidings-event': input.event.type,
        'x-tidings-delivery': input.deliveryId,
        'x-tidings-signature': hexBodySignature(singleSignatureSecret(input.secrets) ?? '', body),
        'x-tidings-attempt': String(input.attempt),
      },
    };
  },
};
