'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { FORMAT_OPTIONS, type WebhookFormat } from '@/components/webhooks/formats';
import { applyApiIssues, FormActions, FormError } from '@/components/ui/form';
import { RadioCards } from '@/components/ui/radio-cards';
import { Section } from '@/components/ui/section';
import { ZDefaultWebhookFormat } from '@/lib/organizations/organization-schema';
import { useSetDefaultWebhookFormat } from './api';

const ZDefaultFormatForm = z.strictObject({ defaultWebhookFormat: ZDefaultWebhookFormat });
type DefaultFormatForm = z.input<typeof ZDefaultFormatForm>;

/** The format of webhooks created without one: the console's create form starts from it, and so does the API. */
export function DefaultFormatSection({ current, canEdit }: { current: WebhookFormat | undefined; canEdit: boolean }) {
  const setFormat = useSetDefaultWebhookFormat();
  const [saved, setSaved] = useState(false);
  const form = useForm<DefaultFormatForm>({
    resolver: zodResolver(ZDefaultFormatForm),
    values: current ? { defaultWebhookFormat: current } : undefined,
  });
  const { errors, isSubmitting } = form.formState;
  const submit = form.handleSubmit(async (values) => {
    setSaved(false);
    try {
      await setFormat.mutateAsync(values.defaultWebhookFormat);
      setSaved(true);
    } catch (error) {
      applyApiIssues(form, error, { fields: ['defaultWebhookFormat'], fallback: 'The default format could not be saved' });
    }
  });
  const label = FORMAT_OPTIONS.find((option) => option.value === current)?.label;
  return (
    <Section
      title="Default format for new webhooks"
      description={
        <>
          Webhooks created without a format get this one, in the console and through <code className="font-mono">POST /api/v1/webhooks</code>. If
          your platform documents webhook registration the CharityStack way (url, events, description), choose CharityStack: its clients then get
          CharityStack deliveries and no ping. Existing webhooks keep their format.
        </>
      }
    >
      {!current ? (
        <p className="text-sm text-slate-500">…</p>
      ) : canEdit ? (
        <form onSubmit={submit} noValidate className="space-y-3" aria-label="Set the default format" data-testid="default-format-form">
          <RadioCards
            legend="Default format"
            options={FORMAT_OPTIONS}
            registration={form.register('defaultWebhookFormat')}
            errorId="default-format-error"
            error={errors.defaultWebhookFormat?.message}
          />
          <FormError message={errors.root?.message} />
          <FormActions submitLabel="Save default format" busyLabel="Saving…" isSubmitting={isSubmitting} submitTestId="save-default-format" />
          {saved ? (
            <p role="status" className="text-sm text-green-700" data-testid="default-format-saved">
              Saved. New webhooks start with this format.
            </p>
          ) : null}
        </form>
      ) : (
        <p className="text-sm text-slate-900" data-testid="default-format">
          {label}
        </p>
      )}
    </Section>
  );
}
