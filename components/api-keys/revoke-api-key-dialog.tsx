'use client';

import { ConfirmDialog } from '@/components/ui/dialog';
import { useRevokeApiKey, type ApiKeyResource } from './api';

export function RevokeApiKeyDialog({ apiKey, onClose }: { apiKey: ApiKeyResource | null; onClose: () => void }) {
  const revoke = useRevokeApiKey();
  const close = () => {
    revoke.reset();
    onClose();
  };

  return (
    <ConfirmDialog
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
      confirmLabel="Revoke key"
      busyLabel="Revoking…"
      confirmTestId="confirm-revoke-api-key"
      isPending={revoke.isPending}
      onConfirm={() => {
        if (apiKey) revoke.mutate(apiKey.id, { onSuccess: close });
      }}
      error={revoke.error ? `Could not revoke the key: ${revoke.error.message}` : undefined}
    />
  );
}
