'use client';

import { useFieldArray } from 'react-hook-form';
import { Button } from '@/components/ui/button';
import { Field, fieldAria, TextInput } from '@/components/ui/field';
import { FieldError } from '@/components/ui/form';
import { Section } from '@/components/ui/section';
import { SECRET_MASK } from '@/lib/webhooks/webhook-schema';
import { useWebhookFields } from './use-webhook-fields';

type AuthSectionProps = { mode: 'create' | 'edit'; hasApiToken: boolean; readOnly: boolean; savedUrl?: string };

function originOf(url: string | undefined): string | null {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
}

/** The app key, the API token and the custom headers a webhook sends besides its signature. */
export function WebhookAuthSection({ mode, hasApiToken, readOnly, savedUrl }: AuthSectionProps) {
  const { form, register, watch, errors } = useWebhookFields();
  const removeApiToken = watch('removeApiToken');
  const tokenStored = mode === 'edit' && hasApiToken;
  const headers = watch('customHeaders');
  const storedHeaders = (headers ?? []).some((header) => header.stored === true);
  // The server drops stored secrets that are not typed again when the URL moves to another
  // origin (docs/security-model.md#one-rule): say so before saving.
  const newOrigin = originOf(watch('url'));
  const moves = mode === 'edit' && newOrigin !== null && newOrigin !== originOf(savedUrl);
  return (
    <Section title="Authentication" description="Optional values your server may need besides the signature.">
      {moves && (tokenStored || storedHeaders) ? (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="secrets-cleared-note">
          The URL now points to another server. The stored {tokenStored && storedHeaders ? 'API token and custom header values were' : tokenStored ? 'API token was' : 'custom header values were'} set
          for the old one: saving removes {tokenStored && storedHeaders ? 'them' : 'it'} unless you type {tokenStored && storedHeaders ? 'them' : 'it'} again below.
        </p>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="App key (optional)" htmlFor="appKey" error={errors.appKey?.message} hint="Sent in the body as meta.appKey.">
          <TextInput id="appKey" autoComplete="off" className="font-mono" {...register('appKey')} {...fieldAria('appKey', errors.appKey?.message)} />
        </Field>
        <Field
          label="API token (optional)"
          htmlFor="apiToken"
          error={errors.apiToken?.message}
          hint={
            tokenStored
              ? removeApiToken
                ? 'The stored token will be removed when you save.'
                : moves
                  ? 'A token is stored, for the old server: type it (or a new one) again to keep sending one.'
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
            placeholder={tokenStored ? '•••••••• (stored)' : undefined}
            readOnly={removeApiToken}
            {...register('apiToken')}
            {...fieldAria('apiToken', errors.apiToken?.message)}
          />
        </Field>
      </div>
      {tokenStored ? (
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
      <CustomHeadersFieldset mode={mode} readOnly={readOnly} moves={moves} />
    </Section>
  );
}

/** Extra request headers: names in the clear, values write-only secrets. */
function CustomHeadersFieldset({ mode, readOnly, moves }: Omit<AuthSectionProps, 'hasApiToken' | 'savedUrl'> & { moves: boolean }) {
  const { register, control, errors } = useWebhookFields();
  const headers = useFieldArray({ control, name: 'customHeaders' });
  const headerErrors = errors.customHeaders;
  const headersRootError = headerErrors?.message ?? headerErrors?.root?.message;
  return (
    <fieldset className="space-y-2" aria-describedby="customHeaders-hint">
      <legend className="text-sm font-medium text-slate-700">Custom headers (optional)</legend>
      <p id="customHeaders-hint" className="text-xs text-slate-500">
        Extra request headers, such as a routing key. Headers Tidings sets itself (signatures, content type, authorization) cannot be overridden.
        Values are secrets: stored encrypted, never shown again, and masked in the delivery log.
        {mode === 'edit'
          ? moves
            ? ' The URL now points to another server: type each stored value again to keep it.'
            : ' Leave a stored value blank to keep it, or type a new one to replace it.'
          : ''}
      </p>
      {headers.fields.length > 0 ? (
        <ul className="space-y-2" data-testid="custom-headers">
          {headers.fields.map((row, index) => {
            const nameId = `customHeaders.${index}.name` as const;
            const valueId = `customHeaders.${index}.value` as const;
            const nameError = headerErrors?.[index]?.name?.message;
            const valueError = headerErrors?.[index]?.value?.message;
            const stored = row.stored === true;
            return (
              <li key={row.id} className="space-y-1">
                <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
                  <label className="sr-only" htmlFor={nameId}>
                    Header {index + 1} name
                  </label>
                  <TextInput
                    id={nameId}
                    placeholder="X-Header-Name"
                    autoComplete="off"
                    spellCheck={false}
                    className="font-mono sm:w-56"
                    readOnly={stored}
                    title={stored ? 'To rename a stored header, remove it and add a new one' : undefined}
                    {...register(nameId)}
                    {...fieldAria(nameId, nameError)}
                  />
                  <label className="sr-only" htmlFor={valueId}>
                    Header {index + 1} value
                  </label>
                  <TextInput
                    id={valueId}
                    type="password"
                    placeholder={stored ? (moves ? `${SECRET_MASK} (stored; type it again to keep it)` : `${SECRET_MASK} (stored; type to replace)`) : 'value'}
                    data-stored={stored ? 'true' : undefined}
                    autoComplete="new-password"
                    spellCheck={false}
                    className="font-mono sm:flex-1"
                    {...register(valueId)}
                    {...fieldAria(valueId, valueError)}
                  />
                  <Button variant="ghost" onClick={() => headers.remove(index)} aria-label={`Remove header ${index + 1}`} className="self-start">
                    Remove
                  </Button>
                </div>
                <FieldError id={`${nameId}-error`} message={nameError} />
                <FieldError id={`${valueId}-error`} message={valueError} />
              </li>
            );
          })}
        </ul>
      ) : null}
      <FieldError id="customHeaders-error" message={headersRootError} />
      {!readOnly ? (
        <Button variant="secondary" size="sm" onClick={() => headers.append({ name: '', value: '' })} disabled={headers.fields.length >= 20}>
          Add header
        </Button>
      ) : null}
    </fieldset>
  );
}
