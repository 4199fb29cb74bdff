'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useConsole } from '@/components/console/console-context';
import { BackLink } from '@/components/ui/page';
import { useUpdateWebhook, useWebhook } from './api';
import { WebhookForm } from './webhook-form';
import { WebhookHeading, WebhookLoadError } from './webhook-heading';
import { toUpdateBody, webhookToFormValues } from './webhook-form-schema';

export function EditWebhook({ id }: { id: string }) {
  const { canEdit } = useConsole();
  const router = useRouter();
  const query = useWebhook(id);
  const update = useUpdateWebhook(id);
  const deliveriesHref = `/webhooks/${encodeURIComponent(id)}/deliveries`;

  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div>
        <BackLink href="/webhooks">Webhooks</BackLink>
        <WebhookHeading
          title={query.data ? (canEdit ? `Edit “${query.data.name}”` : query.data.name) : canEdit ? 'Edit webhook' : 'Webhook'}
          status={query.data?.status}
          className="mt-2 gap-y-2"
        />
        {query.data ? (
          <div className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm">
            <code className="font-mono text-xs text-slate-500">{query.data.webhookId}</code>
            <Link href={deliveriesHref} className="text-brand-600 hover:underline">
              Deliveries
            </Link>
            {canEdit ? (
              <Link href={`${deliveriesHref}?test=1`} className="text-brand-600 hover:underline">
                Send a Test
              </Link>
            ) : null}
          </div>
        ) : null}
      </div>

      {query.isPending ? (
        <p className="text-sm text-slate-500">Loading the webhook…</p>
      ) : query.isError ? (
        <WebhookLoadError error={query.error} />
      ) : (
        <WebhookForm
          // A fresh form per webhook; a background refetch must not reset what the admin is typing.
          key={query.data.webhookId}
          mode="edit"
          defaultValues={webhookToFormValues(query.data)}
          hasApiToken={query.data.hasApiToken}
          disabledReason={query.data.disabledReason}
          readOnly={!canEdit}
          cancelHref="/webhooks"
          onSubmit={async (values, { statusChanged }) => {
            await update.mutateAsync(toUpdateBody(values, statusChanged));
            router.push('/webhooks');
          }}
        />
      )}
    </div>
  );
}
