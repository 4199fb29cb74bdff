import type { WEBHOOK_FORMATS } from '@/lib/webhooks/webhook-schema';

export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

// One line per wire format (docs/wire-formats.md), and what a receiver does with the signing secret in
// it, so the admin picks the format their receiver was written for.
export const FORMAT_OPTIONS: { value: WebhookFormat; label: string; explanation: string; secretUse: string }[] = [
  {
    value: 'standard',
    label: 'Standard Webhooks',
    explanation: 'Recommended. webhook-id/-timestamp/-signature headers and a JSON envelope with the event and meta.',
    secretUse: 'Verify the webhook-signature header of each request with it (any Standard Webhooks library does).',
  },
  {
    value: 'sitestacker',
    label: 'Site Stacker',
    explanation: 'SiteStacker-Event and SiteStacker-Signature headers; the body is the event data alone.',
    secretUse: 'Verify the SiteStacker-Signature header (hex HMAC-SHA256 of the body) with it.',
  },
  {
    value: 'webconnex',
    label: 'Webconnex',
    explanation: 'X-Webconnex-Event/-Delivery/-Signature headers; body {eventType, accountId, formId, data, meta}.',
    secretUse: 'Verify the X-Webconnex-Signature header (HMAC of the body) with it.',
  },
  {
    value: 'nationbuilder',
    label: 'NationBuilder',
    explanation: "Body {token, payload}: receivers trust the organization's shared token (set it in Settings); requests are not signed.",
    secretUse: 'This format is not signed (receivers check the token in the body); keep the secret in case you switch formats.',
  },
  {
    value: 'kajabi',
    label: 'Kajabi',
    explanation: 'Body {id, event, payload}; not signed, so set an API token to send Authorization: Bearer.',
    secretUse: 'This format is not signed; authenticate requests with the API token, and keep the secret in case you switch formats.',
  },
  {
    value: 'charitystack',
    label: 'CharityStack',
    explanation: 'X-Webhook-Signature (HMAC-SHA256 of timestamp and body) and X-Webhook-Timestamp headers; body {event, data}.',
    secretUse: 'Verify the X-Webhook-Signature header (sha256= HMAC of "timestamp.body") with it.',
  },
];

export function secretUseFor(format: string): string {
  return FORMAT_OPTIONS.find((option) => option.value === format)?.secretUse ?? FORMAT_OPTIONS[0]!.secretUse;
}
