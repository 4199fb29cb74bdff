'use client';

import { useState } from 'react';
import { ConfirmDialog } from '@/components/ui/dialog';
import { Field, TextInput } from '@/components/ui/field';
import { MAX_API_KEY_RATE_LIMIT } from '@/lib/api-keys/api-key-schema';
import { useUpdateApiKey, type ApiKeyResource } from './api';

/**
 * Sets how many requests a minute one key may send: a host platform pushing every donation
 * through one key needs more than the default. Blank: back to the instance's default.
 */
export function RateLimitDialog({ apiKey, onClose }: { apiKey: ApiKeyResource | null; onClose: () => void }) {
  const update = useUpdateApiKey();
  const [value, setValue] = useState('');
  const [invalid, setInvalid] = useState<string | undefined>();
  const close = () => {
    update.reset();
    setValue('');
    setInvalid(undefined);
    onClose();
  };
  const save = () => {
    if (!apiKey) return;
    const trimmed = value.trim();
    const perMinute = trimmed === '' ? null : Number(trimmed);
    if (perMinute !== null && !(Number.isInteger(perMinute) && perMinute >= 1 && perMinute <= MAX_API_KEY_RATE_LIMIT)) {
      setInvalid(`Enter a whole number from 1 to ${MAX_API_KEY_RATE_LIMIT.toLocaleString('en-US')}, or leave it blank for the default`);
      return;
    }
    setInvalid(undefined);
    update.mutate({ id: apiKey.id, rateLimitPerMinute: perMinute }, { onSuccess: close });
  };

  return (
    <ConfirmDialog
      open={apiKey !== null}
      onClose={close}
      testId="rate-limit-dialog"
      title={`Rate limit of “${apiKey?.name ?? ''}”`}
      description={
        apiKey ? (
          <>
            It may send {apiKey.rateLimit.perMinute.toLocaleString('en-US')} requests a minute
            {apiKey.rateLimit.isDefault ? ' (the default)' : ''}. Every answer tells the client what is left (RateLimit-Remaining); past the
            limit it gets 429 with Retry-After. A batch request counts once, whatever the number of events in it.
          </>
        ) : null
      }
      confirmLabel="Save limit"
      busyLabel="Saving…"
      confirmTestId="confirm-rate-limit"
      isPending={update.isPending}
      onConfirm={save}
      error={update.error ? `Could not change the limit: ${update.error.message}` : undefined}
    >
      <Field label="Requests a minute" htmlFor="rate-limit-per-minute" hint="Blank: the instance's default (TIDINGS_API_KEY_RATE_LIMIT)." error={invalid}>
        <TextInput
          id="rate-limit-per-minute"
          inputMode="numeric"
          placeholder={apiKey ? String(apiKey.rateLimit.perMinute) : undefined}
          value={value}
          onChange={(event) => {
            setValue(event.target.value);
            setInvalid(undefined);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              save();
            }
          }}
        />
      </Field>
    </ConfirmDialog>
  );
}
