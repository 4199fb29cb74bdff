'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { FormProvider, useForm, type FieldPath } from 'react-hook-form';
import { useConsole } from '@/components/console/console-context';
import { Button } from '@/components/ui/button';
import { applyApiIssues, FormError } from '@/components/ui/form';
import { WebhookAuthSection } from './webhook-auth-section';
import { WebhookDeliverySection } from './webhook-delivery-section';
import { WebhookEndpointSection } from './webhook-endpoint-section';
import { WebhookEventsSection, WebhookFiltersSection } from './webhook-filters-section';
import { formFieldForIssue, isFormField, ZWebhookForm, type WebhookFormValues } from './webhook-form-schema';

export type WebhookFormProps = {
  mode: 'create' | 'edit';
  defaultValues: WebhookFormValues;
  /** Edit: whether a token is stored (it is never sent back). */
  hasApiToken?: boolean;
  disabledReason?: string | null;
  readOnly?: boolean;
  /** Throws ApiError on refusal; its field issues are shown on the fields. */
  onSubmit: (values: WebhookFormValues, context: { statusChanged: boolean }) => Promise<void>;
  cancelHref: string;
};

export function WebhookForm({ mode, defaultValues, hasApiToken = false, disabledReason, readOnly = false, onSubmit, cancelHref }: WebhookFormProps) {
  const { organization } = useConsole();
  const form = useForm<WebhookFormValues>({
    resolver: zodResolver(ZWebhookForm),
    defaultValues,
    reValidateMode: 'onChange',
  });
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async (values) => {
    try {
      await onSubmit(values, { statusChanged: values.status !== defaultValues.status });
    } catch (error) {
      applyApiIssues(form, error, {
        fields: (path) => {
          const field = formFieldForIssue(path, values);
          return isFormField(field) ? (field as FieldPath<WebhookFormValues>) : null;
        },
        fallback: 'The webhook could not be saved',
        root: 'root.server',
        focus: true,
        summarize: true,
      });
    }
  });

  return (
    <FormProvider {...form}>
      <form onSubmit={submit} noValidate className="space-y-6" data-testid="webhook-form" aria-label={mode === 'create' ? 'New webhook' : 'Edit webhook'}>
        <fieldset disabled={readOnly} className="min-w-0 space-y-6">
          <legend className="sr-only">Webhook settings</legend>
          {readOnly ? (
            <p className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700" data-testid="read-only-note">
              You have view-only access to {organization.name}: settings are shown but cannot be changed.
            </p>
          ) : null}
          <WebhookEndpointSection disabledReason={disabledReason} />
          <WebhookEventsSection readOnly={readOnly} />
          <WebhookFiltersSection readOnly={readOnly} />
          <WebhookDeliverySection mode={mode} />
          <WebhookAuthSection mode={mode} hasApiToken={hasApiToken} readOnly={readOnly} savedUrl={mode === 'edit' ? defaultValues.url : undefined} />
        </fieldset>

        <FormError message={errors.root?.server?.message} testId="form-error" />

        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Link
            href={cancelHref}
            className="inline-flex items-center justify-center rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50"
          >
            {readOnly ? 'Back' : 'Cancel'}
          </Link>
          {!readOnly ? (
            <Button type="submit" disabled={isSubmitting} data-testid="webhook-submit">
              {isSubmitting ? 'Saving…' : mode === 'create' ? 'Create webhook' : 'Save changes'}
            </Button>
          ) : null}
        </div>
      </form>
    </FormProvider>
  );
}
