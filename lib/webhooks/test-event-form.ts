import 'server-only';
import { db } from '../db';
import { asInteger } from '../formats/integer-id';
import type { WebhookRow } from './serialize-webhook';

// "Send a Test" of a Webconnex-format webhook is about a form, as every Webconnex notification
// is ("formId | integer | Id of the form"): the webhook's first selected form that has a
// numeric platform id, else the organization's first such form (oldest first), else the form
// of the catalog samples (482913, the sample publish's form). docs/wire-formats.md#webconnex-ids.

/** The form id of the catalog samples (form.published `id`, inventory `formLookupId`, coupon `formId`). */
export const SAMPLE_PLATFORM_FORM_ID = '482913';

/** The form a test of this webhook names, as emit takes it (a platform id); null for formats that name none. */
export async function testEventFormId(input: { organizationId: string; webhook: Pick<WebhookRow, 'format' | 'allForms' | 'formIds'> }): Promise<string | null> {
  if (input.webhook.format !== 'webconnex') return null;
  const forms = await db.form.findMany({
    where: { organizationId: input.organizationId, externalId: { not: null } },
    select: { id: true, externalId: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  const numeric = forms.filter((form) => asInteger(form.externalId) !== undefined);
  const selected = input.webhook.allForms ? [] : input.webhook.formIds.flatMap((id) => numeric.filter((form) => form.id === id));
  return (selected[0] ?? numeric[0])?.externalId ?? SAMPLE_PLATFORM_FORM_ID;
}
