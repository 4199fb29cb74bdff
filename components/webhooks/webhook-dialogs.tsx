'use client';

import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { useDeleteWebhook, useRotateWebhookSecret, type RotatedWebhook, type WebhookResource } from './api';
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
            A new secret is generated for <strong className="font-medium text-slate-900">{webhook?.name}</strong> and shown once.
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
          <>
            <Button variant="secondary" onClick={close} autoFocus>
              Cancel
            </Button>
            <Button
              data-testid="confirm-rotate"
              disabled={rotate.isPending}
              onClick={() => {
                if (!webhook) return;
                rotate.mutate(webhook.webhookId, { onSuccess: setRotated });
              }}
            >
              {rotate.isPending ? 'Rotating…' : 'Rotate secret'}
            </Button>
          </>
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
      ) : rotate.isError ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          Could not rotate the secret: {rotate.error.message}
        </p>
      ) : null}
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
    <Dialog
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
      footer={
        <>
          <Button variant="secondary" onClick={onClose} autoFocus>
            Cancel
          </Button>
          <Button
            variant="danger"
            data-testid="confirm-delete"
            disabled={remove.isPending}
            onClick={() => {
              if (!webhook) return;
              remove.mutate(webhook.webhookId, {
                onSuccess: () => {
                  onDeleted(webhook);
                  onClose();
                },
              });
            }}
          >
            {remove.isPending ? 'Deleting…' : 'Delete webhook'}
          </Button>
        </>
      }
    >
      {remove.isError ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          Could not delete the webhook: {remove.error.message}
        </p>
      ) : null}
    </Dialog>
  );
}
