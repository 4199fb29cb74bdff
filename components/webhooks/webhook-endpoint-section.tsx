'use client';

import { Controller } from 'react-hook-form';
import { Field, fieldAria, TextInput } from '@/components/ui/field';
import { Section } from '@/components/ui/section';
import { SwitchField } from '@/components/ui/switch';
import { useWebhookFields } from './use-webhook-fields';

const STATUS_HINTS = {
  ACTIVE: 'Events are sent as they happen.',
  PAUSED: 'Paused: nothing is sent until you switch it back on.',
} as const;

/** Name, URL, description and the on/off status of a webhook. */
export function WebhookEndpointSection({ disabledReason }: { disabledReason?: string | null }) {
  const { register, control, errors } = useWebhookFields();
  return (
    <Section title="Endpoint" description="Where Tidings sends the events, as signed HTTP POST requests.">
      <Field label="Name" htmlFor="name" error={errors.name?.message} hint="Shown in the console and sent as meta.name.">
        <TextInput id="name" autoComplete="off" maxLength={100} {...register('name')} {...fieldAria('name', errors.name?.message)} />
      </Field>
      <Field label="URL" htmlFor="url" error={errors.url?.message} hint="An https:// address of your server. Private and reserved addresses are refused.">
        <TextInput
          id="url"
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          placeholder="https://example.com/webhooks/tidings"
          className="font-mono"
          {...register('url')}
          {...fieldAria('url', errors.url?.message)}
        />
      </Field>
      <Field label="Description (optional)" htmlFor="description" error={errors.description?.message}>
        <textarea
          id="description"
          rows={2}
          maxLength={500}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-xs focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30 disabled:bg-slate-50"
          {...register('description')}
          {...fieldAria('description', errors.description?.message)}
        />
      </Field>
      <Controller
        control={control}
        name="status"
        render={({ field }) => (
          <SwitchField
            ref={field.ref}
            heading={{ id: 'status-label', text: 'Status' }}
            checked={field.value === 'ACTIVE'}
            onChange={(checked) => field.onChange(checked ? 'ACTIVE' : 'PAUSED')}
            label={field.value === 'DISABLED' ? 'Re-enable webhook' : 'Active'}
            visibleLabel={field.value === 'ACTIVE' ? 'Active' : field.value === 'PAUSED' ? 'Paused' : 'Disabled'}
            testId="status-switch"
            hintId="status-hint"
            hintClassName={field.value === 'DISABLED' ? 'text-red-700' : 'text-slate-500'}
            hint={
              field.value === 'DISABLED'
                ? `Disabled by Tidings${disabledReason ? `: ${disabledReason}` : ''}. Switch it on to re-enable.`
                : STATUS_HINTS[field.value]
            }
          />
        )}
      />
    </Section>
  );
}
