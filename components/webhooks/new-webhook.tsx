'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { useConsole } from '@/components/console/console-context';
import { Button } from '@/components/ui/button';
import { BackLink } from '@/components/ui/page';
import { useOrganizationSettings } from '@/components/settings/api';
import { useCreateWebhook, type CreatedWebhook } from './api';
import { secretUseFor } from './formats';
import { SecretReveal } from './secret-reveal';
import { WebhookForm } from './webhook-form';
import { EMPTY_WEBHOOK_FORM, toCreateBody } from './webhook-form-schema';

export function NewWebhook() {
  const { canEdit } = useConsole();
  const router = useRouter();
  const create = useCreateWebhook();
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  // The form starts from the organization's default format (Settings); until it is known, no form.
  const settings = useOrganizationSettings();
  const defaultFormat = settings.data?.defaultWebhookFormat ?? (settings.isError ? 'standard' : undefined);

  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div>
        <BackLink href="/webhooks">Webhooks</BackLink>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">{created ? 'Webhook created' : 'Add a webhook'}</h1>
        {!created ? (
          <p className="mt-1 text-sm text-slate-500">
            Tidings sends every event you choose to the URL, signed with a secret you get once (and a ping right after creation, if “Send a ping on creation” is on).
          </p>
        ) : null}
      </div>
      {created ? (
        <CreatedPanel webhook={created} onDone={() => router.push('/webhooks')} />
      ) : !canEdit ? (
        <p className="rounded-md border border-slate-200 bg-white px-4 py-3 text-sm text-slate-700" role="alert">
          Your role in this organization is read-only: only owners and admins can add webhooks.
        </p>
      ) : !defaultFormat ? (
        <p className="text-sm text-slate-500" role="status">
          Loading…
        </p>
      ) : (
        <WebhookForm
          mode="create"
          defaultValues={{ ...EMPTY_WEBHOOK_FORM, format: defaultFormat }}
          cancelHref="/webhooks"
          onSubmit={async (values) => {
            const webhook = await create.mutateAsync(toCreateBody(values));
            setCreated(webhook);
            window.scrollTo({ top: 0 });
          }}
        />
      )}
    </div>
  );
}

/** The one time the secret is shown: the admin must store it before going on. */
function CreatedPanel({ webhook, onDone }: { webhook: CreatedWebhook; onDone: () => void }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <section
      aria-labelledby="secret-heading"
      className="space-y-4 rounded-xl border border-emerald-200 bg-white p-4 shadow-sm sm:p-6"
      data-testid="created-secret-panel"
    >
      <div>
        <h2 id="secret-heading" ref={headingRef} tabIndex={-1} className="text-base font-semibold text-slate-900 outline-none">
          Signing secret of “{webhook.name}”
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          {secretUseFor(webhook.format)}{' '}
          {webhook.pingOnCreate ? (
            <>
              A ping event is on its way to <span className="font-mono text-xs [overflow-wrap:anywhere]">{webhook.url}</span>.
            </>
          ) : (
            <>
              No ping was sent (“Send a ping on creation” was off): its first delivery will be the first matching event, or a test
              you send.
            </>
          )}
        </p>
      </div>
      <SecretReveal secret={webhook.secret} />
      <div className="flex flex-col gap-2 sm:flex-row sm:justify-end">
        <Link
          href={`/webhooks/${encodeURIComponent(webhook.webhookId)}/deliveries${webhook.pingOnCreate ? '' : '?test=1'}`}
          className="inline-flex items-center justify-center rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50"
        >
          {webhook.pingOnCreate ? 'See the ping delivery' : 'Send a Test'}
        </Link>
        <Button onClick={onDone} data-testid="secret-done">
          I have stored it — go to webhooks
        </Button>
      </div>
    </section>
  );
}
