'use client';

import { Field, fieldAria, TextInput } from '@/components/ui/field';
import { RadioCards, type RadioCardOption } from '@/components/ui/radio-cards';
import { Section } from '@/components/ui/section';
import { FormSwitch } from '@/components/ui/switch';
import { defaultPingOnCreate } from '@/lib/webhooks/webhook-schema';
import { FORMAT_OPTIONS } from './formats';
import { useWebhookFields } from './use-webhook-fields';
import type { WebhookFormValues } from './webhook-form-schema';

const RETRY_OPTIONS: RadioCardOption<WebhookFormValues['retryPolicy']>[] = [
  { value: 'fixed', label: 'Fixed', explanation: '10 retries, 60 seconds apart.' },
  {
    value: 'exponential',
    label: 'Exponential',
    explanation: 'Retries after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h (±20\u00a0% jitter).',
  },
];

const ORDERING_OPTIONS: RadioCardOption<WebhookFormValues['ordering']>[] = [
  { value: 'none', label: 'As they come', explanation: 'Deliveries go out in parallel; the fastest way.' },
  {
    value: 'key',
    label: 'In order per key',
    explanation:
      'Events that carry the same orderingKey (a person or a donation id) reach this webhook one at a time, in the order they were accepted. A failing delivery holds back later ones of its key until it succeeds or runs out of retries.',
  },
];

/** The request format, the creation ping, the retry policy, the timeout, ordering and rate limit of a webhook. */
export function WebhookDeliverySection({ mode }: { mode: 'create' | 'edit' }) {
  const { register, control, watch, errors } = useWebhookFields();
  const format = watch('format');
  return (
    <Section title="Delivery" description="How requests look, and what happens when your server does not answer 2xx.">
      <RadioCards legend="Format" options={FORMAT_OPTIONS} registration={register('format')} errorId="format-error" error={errors.format?.message} />
      {mode === 'create' ? (
        <FormSwitch
          control={control}
          name="pingOnCreate"
          checked={(ping) => ping ?? defaultPingOnCreate(format)}
          label="Send a ping on creation"
          testId="ping-on-create-switch"
          hintId="ping-on-create-hint"
          hint={(ping) =>
            ping === null
              ? `Default for this format: ${defaultPingOnCreate(format) ? 'on (its document defines a ping event)' : 'off (its document has no ping, so receivers may not expect one)'}.`
              : 'A ping event is sent to the URL as soon as the webhook is saved.'
          }
        />
      ) : null}
      <RadioCards
        legend="Retry policy"
        options={RETRY_OPTIONS}
        registration={register('retryPolicy')}
        errorId="retryPolicy-error"
        error={errors.retryPolicy?.message}
      />
      <Field label="Timeout" htmlFor="timeoutSeconds" error={errors.timeoutSeconds?.message} hint="How long Tidings waits for your server's answer: 1 to 30 seconds.">
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
              {...fieldAria('timeoutSeconds', errors.timeoutSeconds?.message)}
            />
          </div>
          <span className="text-sm text-slate-600">seconds</span>
        </div>
      </Field>
      <RadioCards legend="Ordering" options={ORDERING_OPTIONS} registration={register('ordering')} errorId="ordering-error" error={errors.ordering?.message} />
      <Field
        label="Rate limit"
        htmlFor="maxRequestsPerSecond"
        error={errors.maxRequestsPerSecond?.message}
        hint="At most this many requests per second to this URL, across all workers. Deliveries over the limit wait; they do not fail. Leave blank for no limit."
      >
        <div className="flex items-center gap-2">
          <div className="w-28">
            <TextInput
              id="maxRequestsPerSecond"
              type="number"
              min={1}
              step={1}
              inputMode="numeric"
              placeholder="No limit"
              data-testid="rate-limit-input"
              {...register('maxRequestsPerSecond')}
              {...fieldAria('maxRequestsPerSecond', errors.maxRequestsPerSecond?.message)}
            />
          </div>
          <span className="text-sm text-slate-600">requests per second</span>
        </div>
      </Field>
    </Section>
  );
}
