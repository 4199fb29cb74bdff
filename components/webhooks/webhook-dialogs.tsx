'use client';

import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { ConfirmDialog, ConfirmFooter, Dialog } from '@/components/ui/dialog';
import { FormError } from '@/components/ui/form';
import { useDeleteWebhook, useResumeWebhook, useRotateWebhookSecret, type RotatedWebhook, type WebhookResource } from './api';
import { SecretReveal } from './secret-reveal';

const formatDateTime = (unixSeconds: number) =>
  new Date(unixSeconds * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Confirm, rotate, then show the new secret once; the old one keeps signing for 24 hours. */
export function RotateSecretDialog({ webhook, onClose }: { webhook: WebhookResource | null; onClose: () => void }) {
  const rotate = useRotateWebhookSecret();
  const [rotated, setRotated] = useState<RotatedWebhook | null>(null);
  // Each opening starts at the confirmation step (keyed on the id: the list refetches the object).
  useEffect(() => {
    if (webhook) {
      setRotated(null);
      rotate.reset();
    }
  }, [webhook?.webhookId]);

  const close = () => {
    setRotated(null);
    onClose();
  };

  return (
    <Dialog
      open={webhook !== null}
      onClose={close}
      title={rotated ? `New signing secret for “${rotated.name}”` : 'Rotate the signing secret?'}
      testId={rotated ? 'rotated-secret-dialog' : 'rotate-dialog'}
      description={
        rotated ? (
          rotated.format === 'standard'
            ? 'Update the secret on your server. Requests carry a signature made with each secret for the next 24 hours.'
            : 'Update the secret on your server within 24 hours: until then this format’s one signature header is still made with the old secret, then with the new one. Accept either meanwhile.'
        ) : (
          <>
            A new secret is generated for <strong className="font-medium text-slate-900">{webhook?.name}</strong> and shown once.{' '}
            {webhook?.format === 'standard' ? (
              <>
                The old secret keeps working for 24 hours (requests carry a signature made with each), so you have time to update
                your server.
              </>
            ) : (
              <>
                This format carries one signature header: for the next 24 hours it is still made with the old secret (resends
                keep their signature), then with the new one. Let your server accept either secret meanwhile, and no delivery
                fails.
              </>
            )}
          </>
        )
      }
      footer={
        rotated ? (
          <Button onClick={close} data-testid="secret-done" autoFocus>
            I have stored it
          </Button>
        ) : (
          <ConfirmFooter
            onCancel={close}
            confirmLabel="Rotate secret"
            busyLabel="Rotating…"
            confirmTestId="confirm-rotate"
            isPending={rotate.isPending}
            onConfirm={() => {
              if (webhook) rotate.mutate(webhook.webhookId, { onSuccess: setRotated });
            }}
          />
        )
      }
    >
      {rotated ? (
        <SecretReveal
          secret={rotated.secret}
          note={
            <>
              The previous secret keeps working for 24 hours, until{' '}
              <time dateTime={new Date(rotated.previousSecretExpiresAt * 1000).toISOString()} data-testid="previous-secret-expires">
                {formatDateTime(rotated.previousSecretExpiresAt)}
              </time>
              : each request carries a signature made with each secret, so nothing fails while you switch.
            </>
          }
        />
      ) : (
        <FormError message={rotate.isError ? `Could not rotate the secret: ${rotate.error.message}` : undefined} />
      )}
    </Dialog>
  );
}

export function DeleteWebhookDialog({
  webhook,
  onClose,
  onDeleted,
}: {
  webhook: WebhookResource | null;
  onClose: () => void;
  onDeleted: (webhook: WebhookResource) => void;
}) {
  const remove = useDeleteWebhook();
  // A new opening forgets the previous refusal (keyed on the id: the list refetches the object).
  useEffect(() => {
    if (webhook) remove.reset();
  }, [webhook?.webhookId]);

  return (
    <ConfirmDialog
      open={webhook !== null}
      onClose={onClose}
      tone="danger"
      title="Delete this webhook?"
      testId="delete-dialog"
      description={
        <>
          <strong className="font-medium text-slate-900">{webhook?.name}</strong> stops receiving events at once, and its delivery
          log is deleted with it. This cannot be undone; to stop it for a while, pause it instead.
        </>
      }
      confirmLabel="Delete webhook"
      busyLabel="Deleting…"
      confirmTestId="confirm-delete"
      isPending={remove.isPending}
      onConfirm={() => {
        if (!webhook) return;
        remove.mutate(webhook.webhookId, {
          onSuccess: () => {
            onDeleted(webhook);
            onClose();
          },
        });
      }}
      error={remove.isError ? `Could not delete the webhook: ${remove.error.message}` : undefined}
    />
  );
}

/**
 * Resuming a webhook that held deliveries while it was off (docs/delivery-semantics.md#held-deliveries):
 * send them, in their original order, or discard them; Cancel leaves the webhook as it is.
 */
export function ResumeWebhookDialog({
  webhook,
  onClose,
  onResumed,
}: {
  webhook: WebhookResource | null;
  onClose: () => void;
  onResumed: (webhook: WebhookResource, result: { sent: number; discarded: number }) => void;
}) {
  const resume = useResumeWebhook();
  useEffect(() => {
    if (webhook) resume.reset();
  }, [webhook?.webhookId]);
  const held = webhook?.heldDeliveries ?? 0;
  const choose = (choice: 'send' | 'discard') => {
    if (!webhook) return;
    resume.mutate(
      { id: webhook.webhookId, held: choice },
      {
        onSuccess: (result) => {
          onResumed(webhook, result);
          onClose();
        },
      },
    );
  };
  const verb = webhook?.status === 'DISABLED' ? 'Re-enable' : 'Resume';
  return (
    <Dialog
      open={webhook !== null}
      onClose={onClose}
      title={`${verb} “${webhook?.name ?? ''}”?`}
      testId="resume-dialog"
      description={
        <>
          While it was {webhook?.status === 'DISABLED' ? 'disabled' : 'paused'}, {held} event{held === 1 ? '' : 's'} for this webhook
          {held === 1 ? ' was held. Send it now, or discard it' : ' were held. Send them now, oldest first, or discard them'}; new events are sent either way.
          {webhook && webhook.heldOverflow.count > 0 ? (
            <>
              {' '}
              {webhook.heldOverflow.count} more event{webhook.heldOverflow.count === 1 ? ' was' : 's were'} not held: the webhook had reached
              its limit of held deliveries.
            </>
          ) : null}
        </>
      }
      footer={
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={onClose} disabled={resume.isPending} data-testid="resume-cancel">
            Cancel
          </Button>
          <Button variant="secondary" onClick={() => choose('discard')} disabled={resume.isPending} data-testid="resume-discard">
            Discard them
          </Button>
          <Button onClick={() => choose('send')} disabled={resume.isPending} data-testid="resume-send" autoFocus>
            {resume.isPending ? 'Resuming…' : `Send the ${held} held deliver${held === 1 ? 'y' : 'ies'}`}
          </Button>
        </div>
      }
    >
      <FormError message={resume.isError ? `Could not resume the webhook: ${resume.error.message}` : undefined} />
    </Dialog>
  );
}
