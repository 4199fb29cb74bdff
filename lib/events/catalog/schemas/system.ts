import { z } from 'zod';
import { ZTimestamp } from './common';

// The system group: Tidings' own events (ping, webhook.disabled).

export const ZPingData = z.looseObject({
  hook: z
    .looseObject({ webhookId: z.string().min(1), url: z.string().min(1), events: z.array(z.string()) })
    // A ping is logged and may be shown to anyone who can read deliveries.
    .refine((hook) => !('secret' in hook) && !('apiToken' in hook), {
      message: 'A ping never carries the webhook secret or API token',
    }),
  zen: z.string(),
});

export const ZWebhookDisabledData = z.looseObject({
  webhookId: z.string().min(1),
  url: z.string().min(1),
  reason: z.string().min(1),
  disabledAt: ZTimestamp.min(1),
});

/** Sent at each warning threshold of a failure streak (1 h, 24 h, 72 h), before the webhook is disabled. */
export const ZWebhookFailingData = z.looseObject({
  webhookId: z.string().min(1),
  url: z.string().min(1),
  failingSince: ZTimestamp.min(1),
  disableAt: ZTimestamp.min(1),
  failingForHours: z.number().int().positive(),
});
