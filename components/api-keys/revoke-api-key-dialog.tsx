'use client';

import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { useRevokeApiKey, type ApiKeyResource } from './api';

export function RevokeApiKeyDialog({ apiKey, onClose }: { apiKey: ApiKeyResource | null; onClose: () => void }) {
  const revoke = useRevokeApiKey();
  const close = () => {
    revoke.reset();
    onClose();
  };

  return (
    <Dialog
      open={apiKey !== null}
      onClose={close}
      tone="danger"
      testId="revoke-api-key-dialog"
      title="Revoke this API key?"
      description={
        apiKey ? (
          <>
            <strong className="font-medium text-slate-900">“{apiKey.name}”</strong> (<code className="font-mono">{apiKey.prefix}…</code>) stops
            working at once: every request made with it will be refused with 401. This cannot be undone.
          </>
        ) : null
      }
      footer={
        <>
          <Button variant="secondary" onClick={close} disabled={revoke.isPending}>
            Cancel
          </Button>
          <Button
            variant="danger"
            disabled={revoke.isPending}
            data-testid="confirm-revoke-api-key"
            onClick={() => {
              if (!apiKey) return;
              revoke.mutate(apiKey.id, { onSuccess: close });
            }}
          >
            {revoke.isPending ? 'Revoking…' : 'Revoke key'}
          </Button>
        </>
      }
    >
      {revoke.error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          Could not revoke the key: {revoke.error.message}
        </p>
      ) : null}
    </Dialog>
  );
}
