import { z } from 'zod';
import { ZWebhookUrl } from '../webhooks/webhook-schema';

// Kajabi's "Create a webhook" request, as its document gives it (JSON:API):
//   { "data": { "type": "hooks", "attributes": { "target_url", "event", "resource_id"? },
//               "relationships": { "site": { "data": { "id": "456", "type": "sites" } } } } }

export const KAJABI_HOOK_EVENTS = ['purchase', 'payment_succeeded', 'order_created', 'form_submission', 'tag_added', 'tag_removed'] as const;
export type KajabiHookEvent = (typeof KAJABI_HOOK_EVENTS)[number];

const ZResourceIdText = z
  .union([z.string().trim().min(1).max(200), z.number().int().transform(String)], { error: 'resource_id is the id of one resource, such as a tag id' })
  .nullable()
  .optional();

export const ZCreateKajabiHook = z.strictObject({
  data: z.object(
    {
      type: z.literal('hooks', { error: 'data.type is "hooks"' }),
      attributes: z.object(
        {
          target_url: ZWebhookUrl,
          event: z.enum(KAJABI_HOOK_EVENTS, { error: `event is one of ${KAJABI_HOOK_EVENTS.join(', ')}` }),
          resource_id: ZResourceIdText,
        },
        { error: 'data.attributes holds target_url, event and optionally resource_id' },
      ),
      relationships: z
        .object({
          site: z
            .object({
              data: z.object({ id: z.union([z.string().trim().min(1).max(100), z.number().int().transform(String)]), type: z.literal('sites') }),
            })
            .optional(),
        })
        .optional(),
    },
    { error: 'Send the hook as JSON:API: { "data": { "type": "hooks", "attributes": { … } } }' },
  ),
});

export type CreateKajabiHookInput = z.input<typeof ZCreateKajabiHook>;
export type CreateKajabiHookData = z.output<typeof ZCreateKajabiHook>;
