'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { Button } from '@/components/ui/button';
import { Panel } from '@/components/ui/panel';
import { ConfirmDialog } from '@/components/ui/dialog';
import { Field, fieldAria, TextInput } from '@/components/ui/field';
import { applyApiIssues } from '@/components/ui/form';
import { ZReplayDeliveries, type ReplayDeliveriesInput } from '@/lib/deliveries/replay-schema';
import type { WebhookResource } from '@/lib/webhooks/serialize-webhook';
import { useReplayDeliveries } from './api';
import { formatDateTime } from './format';

// <input type="datetime-local"> speaks local wall-clock time without an offset; the API
// wants an instant. The browser's Date reads such a string as local time.
function localToIso(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

// The form's fields, turned into the API body and checked by the API's own schema, so
// the console and the route refuse the same things with the same messages.
const ZReplayForm = z
  .object({
    since: z.string().min(1, 'Choose the start of the time range'),
    until: z.string(),
  })
  .transform((values): ReplayDeliveriesInput => ({ since: localToIso(values.since), until: values.until ? localToIso(values.until) : undefined }))
  .pipe(ZReplayDeliveries);

type ReplayFormValues = z.input<typeof ZReplayForm>;
type ReplayRange = z.output<typeof ZReplayForm>;

const PRESETS = [
  { label: 'Last hour', hours: 1 },
  { label: 'Last 24 hours', hours: 24 },
  { label: 'Last 7 days', hours: 24 * 7 },
] as const;

/** "Replay failed since T": every failed delivery of the webhook in a range gets a new attempt. */
export function ReplayFailedPanel({ webhook, onClose }: { webhook: WebhookResource; onClose: () => void }) {
  const replay = useReplayDeliveries(webhook.webhookId);
  const [pending, setPending] = useState<ReplayRange | null>(null);
  const [result, setResult] = useState<{ count: number } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<ReplayFormValues, unknown, ReplayRange>({
    resolver: zodResolver(ZReplayForm),
    defaultValues: { since: toLocalInput(new Date(Date.now() - 24 * 3_600_000)), until: '' },
  });
  const { errors } = form.formState;

  const confirm = () => {
    if (!pending) return;
    setFormError(null);
    replay.mutate(
      { since: pending.since.toISOString(), until: pending.until?.toISOString(), status: 'FAILED' },
      {
        onSuccess: (response) => {
          setResult(response);
          setPending(null);
        },
        onError: (error) => {
          setPending(null);
          applyApiIssues(form, error, { fields: ['since', 'until'], fallback: 'Could not replay', root: null });
          setFormError(`Could not replay: ${error.message}`);
        },
      },
    );
  };

  return (
    <Panel
      title="Replay failed deliveries"
      closeLabel="Close Replay failed"
      onClose={onClose}
      testId="replay-panel"
      description={
        <>
          <p className="mt-0.5 text-sm text-slate-500">
            Every delivery to this webhook that failed in the time range gets a new attempt, with the same delivery id.
          </p>
          <p className="mt-2 max-w-prose text-xs text-slate-500" data-testid="replay-succeeded-note">
            Deliveries that succeeded are not replayed here. Replaying them sends data its receiver already got once more, and to the URL this
            webhook has now, which may not be the one that received it. The API does it only when asked explicitly (
            <code className="font-mono">&quot;status&quot;: &quot;SUCCEEDED&quot;, &quot;includeSucceeded&quot;: true</code>) by a key that may read
            every event type replayed. Replays and resends are limited to 10 a minute per organization.
          </p>
        </>
      }
    >
      <form
        noValidate
        className="mt-4 space-y-3"
        onSubmit={form.handleSubmit((range) => {
          setResult(null);
          setFormError(null);
          setPending(range);
        })}
      >
        <div className="flex flex-wrap gap-2" role="group" aria-label="Quick ranges">
          {PRESETS.map((preset) => (
            <Button
              key={preset.label}
              variant="secondary"
              size="sm"
              onClick={() => {
                form.setValue('since', toLocalInput(new Date(Date.now() - preset.hours * 3_600_000)), { shouldValidate: true });
                form.setValue('until', '', { shouldValidate: true });
              }}
            >
              {preset.label}
            </Button>
          ))}
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Failed since" htmlFor="replay-since" error={errors.since?.message}>
            <TextInput
              id="replay-since"
              type="datetime-local"
              {...fieldAria('replay-since', errors.since)}
              {...form.register('since')}
            />
          </Field>
          <Field label="Until (optional)" htmlFor="replay-until" error={errors.until?.message} hint="Leave empty for “until now”.">
            <TextInput
              id="replay-until"
              type="datetime-local"
              {...fieldAria('replay-until', errors.until)}
              {...form.register('until')}
            />
          </Field>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" data-testid="replay-submit">
            Replay failed…
          </Button>
          <span aria-live="polite" className="text-sm">
            {result ? (
              <span role="status" className="font-medium text-emerald-800" data-testid="replay-result">
                {result.count === 0
                  ? 'No failed deliveries in that range: nothing was queued.'
                  : `${result.count} deliver${result.count === 1 ? 'y' : 'ies'} queued`}
              </span>
            ) : null}
            {formError ? (
              <span role="alert" className="text-red-700">
                {formError}
              </span>
            ) : null}
          </span>
        </div>
      </form>

      <ConfirmDialog
        open={pending !== null}
        onClose={() => setPending(null)}
        title="Replay failed deliveries?"
        testId="replay-confirm"
        description={
          pending ? (
            <>
              Every failed delivery to <strong>{webhook.name}</strong> created from {formatDateTime(Math.floor(pending.since.getTime() / 1000))}
              {pending.until ? ` to ${formatDateTime(Math.floor(pending.until.getTime() / 1000))}` : ' until now'} is sent again. The receiver may
              see some of them twice if it already processed them.
            </>
          ) : null
        }
        confirmLabel="Replay"
        busyLabel="Queuing…"
        confirmTestId="replay-confirm-submit"
        isPending={replay.isPending}
        onConfirm={confirm}
      />
    </Panel>
  );
}
