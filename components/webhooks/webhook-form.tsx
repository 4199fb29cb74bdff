'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { Controller, useFieldArray, useForm, type FieldPath } from 'react-hook-form';
import { useConsole } from '@/components/console/console-context';
import { Button } from '@/components/ui/button';
import { Field, TextInput } from '@/components/ui/field';
import { ApiError } from '@/lib/api-client';
import { SECRET_MASK } from '@/lib/webhooks/webhook-schema';
import { EventsPicker } from './events-picker';
import { FORMAT_OPTIONS } from './formats';
import { FormsPicker } from './forms-picker';
import { Switch } from '@/components/ui/switch';
import { defaultPingOnCreate } from '@/lib/webhooks/webhook-schema';
import {
  formFieldForIssue,
  isFormField,
  ZWebhookForm,
  type WebhookFormValues,
} from './webhook-form-schema';

const RETRY_OPTIONS: { value: WebhookFormValues['retryPolicy']; label: string; explanation: string }[] = [
  { value: 'fixed', label: 'Fixed', explanation: '10 retries, 60 seconds apart.' },
  {
    value: 'exponential',
    label: 'Exponential',
    explanation: 'Retries after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h (±20\u00a0% jitter).',
  },
];

const inputAria = (name: string, error: string | undefined) => ({
  'aria-invalid': error ? true : undefined,
  'aria-describedby': error ? `${name}-error` : undefined,
});

function Section({ title, description, children }: { title: string; description?: string; children: React.ReactNode }) {
  return (
    <section className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
      <div>
        <h2 className="text-base font-semibold text-slate-900">{title}</h2>
        {description ? <p className="mt-0.5 text-sm text-slate-500">{description}</p> : null}
      </div>
      {children}
    </section>
  );
}

function ErrorText({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p className="text-xs text-red-600" role="alert" id={id}>
      {message}
    </p>
  );
}

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
  const {
    register,
    control,
    handleSubmit,
    watch,
    setError,
    formState: { errors, isSubmitting },
  } = form;
  const headers = useFieldArray({ control, name: 'customHeaders' });
  const allForms = watch('allForms');
  const removeApiToken = watch('removeApiToken');
  const format = watch('format');

  const submit = handleSubmit(async (values) => {
    try {
      await onSubmit(values, { statusChanged: values.status !== defaultValues.status });
    } catch (error) {
      if (error instanceof ApiError && error.body.issues?.length) {
        let focused = false;
        const unplaced: string[] = [];
        for (const issue of error.body.issues) {
          const field = formFieldForIssue(issue.path, values);
          if (!isFormField(field)) {
            unplaced.push(issue.message);
            continue;
          }
          setError(field as FieldPath<WebhookFormValues>, { type: 'server', message: issue.message }, { shouldFocus: !focused });
          focused = true;
        }
        setError('root.server', {
          type: 'server',
          message: unplaced.length > 0 ? unplaced.join(' ') : `${error.body.message}. Fix the highlighted fields and try again.`,
        });
        return;
      }
      setError('root.server', { type: 'server', message: error instanceof Error ? error.message : 'The webhook could not be saved' });
    }
  });

  const headerErrors = errors.customHeaders;
  const headersRootError = headerErrors?.message ?? headerErrors?.root?.message;

  return (
    <form onSubmit={submit} noValidate className="space-y-6" data-testid="webhook-form" aria-label={mode === 'create' ? 'New webhook' : 'Edit webhook'}>
      <fieldset disabled={readOnly} className="min-w-0 space-y-6">
        <legend className="sr-only">Webhook settings</legend>
        {readOnly ? (
          <p className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700" data-testid="read-only-note">
            You have view-only access to {organization.name}: settings are shown but cannot be changed.
          </p>
        ) : null}

        <Section title="Endpoint" description="Where Tidings sends the events, as signed HTTP POST requests.">
          <Field label="Name" htmlFor="name" error={errors.name?.message} hint="Shown in the console and sent as meta.name.">
            <TextInput id="name" autoComplete="off" maxLength={100} {...register('name')} {...inputAria('name', errors.name?.message)} />
          </Field>
          <Field
            label="URL"
            htmlFor="url"
            error={errors.url?.message}
            hint="An https:// address of your server. Private and reserved addresses are refused."
          >
            <TextInput
              id="url"
              type="url"
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              placeholder="https://example.com/webhooks/tidings"
              className="font-mono"
              {...register('url')}
              {...inputAria('url', errors.url?.message)}
            />
          </Field>
          <Field label="Description (optional)" htmlFor="description" error={errors.description?.message}>
            <textarea
              id="description"
              rows={2}
              maxLength={500}
              className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-xs focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30 disabled:bg-slate-50"
              {...register('description')}
              {...inputAria('description', errors.description?.message)}
            />
          </Field>
          <Controller
            control={control}
            name="status"
            render={({ field }) => (
              <div className="space-y-1">
                <span className="block text-sm font-medium text-slate-700" id="status-label">
                  Status
                </span>
                <Switch
                  ref={field.ref}
                  checked={field.value === 'ACTIVE'}
                  onChange={(checked) => field.onChange(checked ? 'ACTIVE' : 'PAUSED')}
                  label={field.value === 'DISABLED' ? 'Re-enable webhook' : 'Active'}
                  testId="status-switch"
                  describedBy="status-hint"
                  visibleLabel={field.value === 'ACTIVE' ? 'Active' : field.value === 'PAUSED' ? 'Paused' : 'Disabled'}
                />
                <p id="status-hint" className={`text-xs ${field.value === 'DISABLED' ? 'text-red-700' : 'text-slate-500'}`}>
                  {field.value === 'ACTIVE'
                    ? 'Events are sent as they happen.'
                    : field.value === 'PAUSED'
                      ? 'Paused: nothing is sent until you switch it back on.'
                      : `Disabled by Tidings${disabledReason ? `: ${disabledReason}` : ''}. Switch it on to re-enable.`}
                </p>
              </div>
            )}
          />
        </Section>

        <Section title="Events" description="Choose what this webhook receives. Events of types you do not choose are not sent.">
          <Controller
            control={control}
            name="events"
            render={({ field }) => (
              <EventsPicker value={field.value} onChange={field.onChange} error={errors.events?.message} disabled={readOnly} />
            )}
          />
        </Section>

        <Section title="Filters" description="Limit the events to some forms, one resource or this organization only.">
          <Controller
            control={control}
            name="allForms"
            render={({ field }) => (
              <div className="space-y-1">
                <Switch
                  ref={field.ref}
                  checked={field.value}
                  onChange={field.onChange}
                  label="Send data from every page"
                  visibleLabel="Send data from every page"
                  testId="all-forms-switch"
                  describedBy="all-forms-hint"
                />
                <p id="all-forms-hint" className="text-xs text-slate-500">
                  {field.value
                    ? 'Events of every form, including forms added later, are sent.'
                    : 'Only events of the forms chosen below are sent; events that belong to no form are always sent.'}
                </p>
              </div>
            )}
          />
          {!allForms ? (
            <Controller
              control={control}
              name="formIds"
              render={({ field }) => <FormsPicker value={field.value} onChange={field.onChange} error={errors.formIds?.message} disabled={readOnly} />}
            />
          ) : null}
          <Field
            label="Resource id (optional)"
            htmlFor="resourceId"
            error={errors.resourceId?.message}
            hint="Only events about this resource, such as one tag or one offer. Leave blank for every resource."
          >
            <TextInput id="resourceId" autoComplete="off" className="font-mono" {...register('resourceId')} {...inputAria('resourceId', errors.resourceId?.message)} />
          </Field>
          <Controller
            control={control}
            name="includeSubOrganizations"
            render={({ field }) => (
              <div className="space-y-1">
                <Switch
                  ref={field.ref}
                  checked={field.value}
                  onChange={field.onChange}
                  label="Include sub-organizations"
                  visibleLabel="Include sub-organizations"
                  testId="sub-organizations-switch"
                  describedBy="sub-organizations-hint"
                />
                <p id="sub-organizations-hint" className="text-xs text-slate-500">
                  Also deliver the events of every sub-organization of {organization.name}, signed with this webhook&apos;s secret.
                </p>
              </div>
            )}
          />
        </Section>

        <Section title="Delivery" description="How requests look, and what happens when your server does not answer 2xx.">
          <fieldset className="space-y-2">
            <legend className="mb-2 text-sm font-medium text-slate-700">Format</legend>
            <div className="grid gap-2 sm:grid-cols-2">
              {FORMAT_OPTIONS.map((option) => (
                <label
                  key={option.value}
                  className="flex cursor-pointer items-start gap-2 rounded-lg border border-slate-200 px-3 py-2 has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50"
                >
                  <input type="radio" value={option.value} className="mt-1 accent-brand-600" {...register('format')} />
                  <span className="min-w-0">
                    <span className="block text-sm font-medium text-slate-900">{option.label}</span>
                    <span className="block text-xs text-slate-600">{option.explanation}</span>
                  </span>
                </label>
              ))}
            </div>
            <ErrorText id="format-error" message={errors.format?.message} />
          </fieldset>
          {mode === 'create' ? (
            <Controller
              control={control}
              name="pingOnCreate"
              render={({ field }) => (
                <div className="space-y-1">
                  <Switch
                    ref={field.ref}
                    checked={field.value ?? defaultPingOnCreate(format)}
                    onChange={field.onChange}
                    label="Send a ping on creation"
                    visibleLabel="Send a ping on creation"
                    testId="ping-on-create-switch"
                    describedBy="ping-on-create-hint"
                  />
                  <p id="ping-on-create-hint" className="text-xs text-slate-500">
                    {field.value === null
                      ? `Default for this format: ${defaultPingOnCreate(format) ? 'on (its document defines a ping event)' : 'off (its document has no ping, so receivers may not expect one)'}.`
                      : 'A ping event is sent to the URL as soon as the webhook is saved.'}
                  </p>
                </div>
              )}
            />
          ) : null}
          <fieldset className="space-y-2">
            <legend className="mb-2 text-sm font-medium text-slate-700">Retry policy</legend>
            <div className="grid gap-2 sm:grid-cols-2">
              {RETRY_OPTIONS.map((option) => (
                <label
                  key={option.value}
                  className="flex cursor-pointer items-start gap-2 rounded-lg border border-slate-200 px-3 py-2 has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50"
                >
                  <input type="radio" value={option.value} className="mt-1 accent-brand-600" {...register('retryPolicy')} />
                  <span>
                    <span className="block text-sm font-medium text-slate-900">{option.label}</span>
                    <span className="block text-xs text-slate-600">{option.explanation}</span>
                  </span>
                </label>
              ))}
            </div>
            <ErrorText id="retryPolicy-error" message={errors.retryPolicy?.message} />
          </fieldset>
          <Field
            label="Timeout"
            htmlFor="timeoutSeconds"
            error={errors.timeoutSeconds?.message}
            hint="How long Tidings waits for your server's answer: 1 to 30 seconds."
          >
            <div className="flex items-center gap-2">
              <div className="w-24">
                <TextInput
                  id="timeoutSeconds"
                  type="number"
                  min={1}
                  max={30}
                  step={1}
                  inputMode="numeric"
                  {...register('timeoutSeconds', { valueAsNumber: true })}
                  {...inputAria('timeoutSeconds', errors.timeoutSeconds?.message)}
                />
              </div>
              <span className="text-sm text-slate-600">seconds</span>
            </div>
          </Field>
        </Section>

        <Section title="Authentication" description="Optional values your server may need besides the signature.">
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="App key (optional)" htmlFor="appKey" error={errors.appKey?.message} hint="Sent in the body as meta.appKey.">
              <TextInput id="appKey" autoComplete="off" className="font-mono" {...register('appKey')} {...inputAria('appKey', errors.appKey?.message)} />
            </Field>
            <Field
              label="API token (optional)"
              htmlFor="apiToken"
              error={errors.apiToken?.message}
              hint={
                mode === 'edit' && hasApiToken
                  ? removeApiToken
                    ? 'The stored token will be removed when you save.'
                    : 'A token is stored and stays hidden. Leave this blank to keep it, or type a new one to replace it.'
                  : 'Sent as "Authorization: Bearer <token>". Stored encrypted; it is never shown again.'
              }
            >
              <TextInput
                id="apiToken"
                type="password"
                autoComplete="new-password"
                spellCheck={false}
                className="font-mono"
                placeholder={mode === 'edit' && hasApiToken ? '•••••••• (stored)' : undefined}
                readOnly={removeApiToken}
                {...register('apiToken')}
                {...inputAria('apiToken', errors.apiToken?.message)}
              />
            </Field>
          </div>
          {mode === 'edit' && hasApiToken ? (
            <label className="flex items-center gap-2 text-sm text-slate-700">
              <input
                type="checkbox"
                className="h-4 w-4 accent-red-600"
                data-testid="remove-api-token"
                {...register('removeApiToken', {
                  onChange: (event: React.ChangeEvent<HTMLInputElement>) => {
                    if (event.target.checked) form.setValue('apiToken', '');
                  },
                })}
              />
              Remove the stored API token
            </label>
          ) : null}

          <fieldset className="space-y-2" aria-describedby="customHeaders-hint">
            <legend className="text-sm font-medium text-slate-700">Custom headers (optional)</legend>
            <p id="customHeaders-hint" className="text-xs text-slate-500">
              Extra request headers, such as a routing key. Headers Tidings sets itself (signatures, content type, authorization) cannot be overridden.
              Values are secrets: stored encrypted, never shown again, and masked in the delivery log.
              {mode === 'edit' ? ' Leave a stored value blank to keep it, or type a new one to replace it.' : ''}
            </p>
            {headers.fields.length > 0 ? (
              <ul className="space-y-2" data-testid="custom-headers">
                {headers.fields.map((row, index) => {
                  const nameError = headerErrors?.[index]?.name?.message;
                  const valueError = headerErrors?.[index]?.value?.message;
                  const stored = row.stored === true;
                  return (
                    <li key={row.id} className="space-y-1">
                      <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
                        <label className="sr-only" htmlFor={`customHeaders.${index}.name`}>
                          Header {index + 1} name
                        </label>
                        <TextInput
                          id={`customHeaders.${index}.name`}
                          placeholder="X-Header-Name"
                          autoComplete="off"
                          spellCheck={false}
                          className="font-mono sm:w-56"
                          readOnly={stored}
                          title={stored ? 'To rename a stored header, remove it and add a new one' : undefined}
                          {...register(`customHeaders.${index}.name`)}
                          {...inputAria(`customHeaders.${index}.name`, nameError)}
                        />
                        <label className="sr-only" htmlFor={`customHeaders.${index}.value`}>
                          Header {index + 1} value
                        </label>
                        <TextInput
                          id={`customHeaders.${index}.value`}
                          type="password"
                          placeholder={stored ? `${SECRET_MASK} (stored; type to replace)` : 'value'}
                          data-stored={stored ? 'true' : undefined}
                          autoComplete="new-password"
                          spellCheck={false}
                          className="font-mono sm:flex-1"
                          {...register(`customHeaders.${index}.value`)}
                          {...inputAria(`customHeaders.${index}.value`, valueError)}
                        />
                        <Button variant="ghost" onClick={() => headers.remove(index)} aria-label={`Remove header ${index + 1}`} className="self-start">
                          Remove
                        </Button>
                      </div>
                      <ErrorText id={`customHeaders.${index}.name-error`} message={nameError} />
                      <ErrorText id={`customHeaders.${index}.value-error`} message={valueError} />
                    </li>
                  );
                })}
              </ul>
            ) : null}
            <ErrorText id="customHeaders-error" message={headersRootError} />
            {!readOnly ? (
              <Button variant="secondary" size="sm" onClick={() => headers.append({ name: '', value: '' })} disabled={headers.fields.length >= 20}>
                Add header
              </Button>
            ) : null}
          </fieldset>
        </Section>
      </fieldset>

      {errors.root?.server?.message ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="form-error">
          {errors.root.server.message}
        </p>
      ) : null}

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
  );
}
