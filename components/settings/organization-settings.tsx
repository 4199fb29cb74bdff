'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { CopyButton } from '@/components/ui/copy-button';
import { useConsole } from '@/components/console/console-context';
import { Button } from '@/components/ui/button';
import { Field, fieldAria, TextInput } from '@/components/ui/field';
import { Section } from '@/components/ui/section';
import { applyApiIssues, FormActions } from '@/components/ui/form';
import { ZSetSharedToken, type SetSharedTokenInput } from '@/lib/organizations/shared-token-schema';
import { useGenerateSharedToken, useOrganizationSettings, useSetAccountId, useSetSharedToken } from './api';
import { DefaultFormatSection } from './default-format';
import { OrganizationNameSection, SubOrganizationsSection } from './sub-organizations';

/** Organization settings: the name, sub-organizations, the default webhook format, the NationBuilder shared token and the numeric account id formats send. */
export function OrganizationSettings() {
  const { organization, canEdit } = useConsole();
  const settings = useOrganizationSettings();
  const setToken = useSetSharedToken();
  const generate = useGenerateSharedToken();
  const [generated, setGenerated] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const setAccountId = useSetAccountId();
  const [accountIdText, setAccountIdText] = useState('');
  const [accountIdMessage, setAccountIdMessage] = useState<{ error: boolean; text: string } | null>(null);
  const form = useForm<SetSharedTokenInput>({ resolver: zodResolver(ZSetSharedToken), defaultValues: { token: '' } });
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async (values) => {
    setSaved(false);
    setGenerated(null);
    try {
      await setToken.mutateAsync(values);
      form.reset({ token: '' });
      setSaved(true);
    } catch (error) {
      applyApiIssues(form, error, { fields: ['token'], fallback: 'The token could not be saved' });
    }
  });

  const data = settings.data;
  const status = !data
    ? null
    : data.sharedTokenSet
      ? 'A shared token is set. It is never shown again; set or generate a new one to replace it.'
      : data.inheritsSharedTokenFrom
        ? `No token of its own: deliveries carry the token of ${data.inheritsSharedTokenFrom}.`
        : 'No shared token yet: NationBuilder-format webhooks cannot be created until one is set.';

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">Settings</h1>
        <p className="text-sm text-slate-500">{organization.name}</p>
      </div>

      <OrganizationNameSection name={organization.name} canEdit={canEdit} />
      <SubOrganizationsSection canEdit={canEdit} />
      <DefaultFormatSection current={settings.data?.defaultWebhookFormat} canEdit={canEdit} />

      <Section
        title="NationBuilder shared token"
        description={
          <>
            Every NationBuilder-format delivery carries this token as <code className="font-mono">token</code> in its body, and
            receivers trust a request by it. Sub-organizations without their own token send this one. It is stored encrypted and
            masked in the delivery log.
          </>
        }
      >
        {settings.isError ? (
          <p role="alert" className="text-sm text-red-600">
            The settings could not be loaded: {settings.error.message}
          </p>
        ) : null}
        {status ? (
          <p className="text-sm text-slate-700" data-testid="shared-token-status">
            {status}
          </p>
        ) : null}
        {canEdit ? (
          <form onSubmit={submit} noValidate className="space-y-3" aria-label="Set the shared token" data-testid="shared-token-form">
            <Field label="New shared token" htmlFor="shared-token" error={errors.token?.message} hint="16 to 200 printable characters without spaces.">
              <TextInput
                id="shared-token"
                type="password"
                autoComplete="off"
                className="font-mono"
                {...fieldAria('shared-token', errors.token)}
                {...form.register('token')}
              />
            </Field>
            {errors.root?.message ? (
              <p role="alert" className="text-sm text-red-600">
                {errors.root.message}
              </p>
            ) : null}
            <FormActions submitLabel="Save token" busyLabel="Saving…" isSubmitting={isSubmitting} submitTestId="save-shared-token">
              <Button
                type="button"
                variant="secondary"
                disabled={generate.isPending}
                data-testid="generate-shared-token"
                onClick={() => {
                  setSaved(false);
                  generate.mutate(undefined, { onSuccess: (result) => setGenerated(result.token) });
                }}
              >
                {generate.isPending ? 'Generating…' : 'Generate a token'}
              </Button>
            </FormActions>
            {saved ? (
              <p role="status" className="text-sm text-green-700" data-testid="shared-token-saved">
                Saved. New NationBuilder deliveries carry this token.
              </p>
            ) : null}
            {generated ? (
              <div role="status" className="space-y-2 rounded-md border border-amber-200 bg-amber-50 p-3" data-testid="generated-shared-token">
                <p className="text-sm text-amber-900">Copy the token into your receiver now: it will not be shown again.</p>
                <div className="flex items-center gap-2">
                  <code className="break-all font-mono text-sm text-slate-900">{generated}</code>
                  <CopyButton value={generated} testId="copy-shared-token" />
                </div>
              </div>
            ) : null}
          </form>
        ) : (
          <p className="text-sm text-slate-600" data-testid="read-only-note">
            Only owners and admins can change the shared token.
          </p>
        )}
      </Section>

      <Section
        title="Account id"
        description="The numeric id of this organization: Webconnex-format bodies send it as accountId, and Kajabi hooks accept it as the site id. Tidings assigns one; set your platform's own before the first event."
      >
        <p className="font-mono text-sm text-slate-900" data-testid="account-id">
          {data ? data.accountId : '…'}
        </p>
        {canEdit ? (
          <form
            noValidate
            aria-label="Set the account id"
            className="flex flex-wrap items-end gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              const value = Number(accountIdText.trim());
              if (!/^\d+$/.test(accountIdText.trim()) || !Number.isSafeInteger(value) || value < 1) {
                setAccountIdMessage({ error: true, text: 'Enter the platform’s numeric account id (a whole number from 1).' });
                return;
              }
              setAccountId.mutate(value, {
                onSuccess: () => {
                  setAccountIdText('');
                  setAccountIdMessage({ error: false, text: 'Saved.' });
                },
                onError: (error) => setAccountIdMessage({ error: true, text: error.message }),
              });
            }}
          >
            <div className="w-56">
              <Field label="Your platform's account id" htmlFor="account-id-input">
                <TextInput
                  id="account-id-input"
                  inputMode="numeric"
                  autoComplete="off"
                  className="font-mono"
                  value={accountIdText}
                  onChange={(event) => setAccountIdText(event.target.value)}
                />
              </Field>
            </div>
            <Button type="submit" variant="secondary" disabled={setAccountId.isPending} data-testid="save-account-id">
              Set account id
            </Button>
            <p className="w-full text-xs text-slate-500">Only before the first event: deliveries carry it.</p>
            {accountIdMessage ? (
              <p role={accountIdMessage.error ? 'alert' : 'status'} className={`w-full text-sm ${accountIdMessage.error ? 'text-red-600' : 'text-green-700'}`} data-testid="account-id-message">
                {accountIdMessage.text}
              </p>
            ) : null}
          </form>
        ) : null}
      </Section>
    </div>
  );
}
