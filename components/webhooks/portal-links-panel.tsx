'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { ConfirmDialog } from '@/components/ui/dialog';
import { FormError } from '@/components/ui/form';
import { Panel } from '@/components/ui/panel';
import { RelativeTime } from '@/components/ui/relative-time';
import { SwitchField } from '@/components/ui/switch';
import { apiFetch, type Page } from '@/lib/api-client';
import type { PortalLinkResource } from '@/lib/portal/manage-portal-links';
import type { CreatePortalLinkInput } from '@/lib/portal/portal-link-schema';
import { formatDateTime } from '@/components/deliveries/format';

const portalLinkKeys = { list: (webhookId: string) => ['webhooks', 'portal-links', webhookId] as const };
const linksPath = (webhookId: string) => `/webhooks/${encodeURIComponent(webhookId)}/portal-links`;

const EXPIRY_CHOICES = [
  { hours: 1, label: '1 hour' },
  { hours: 24, label: '1 day' },
  { hours: 168, label: '7 days' },
  { hours: 720, label: '30 days' },
];

const STATUS_TONE: Record<PortalLinkResource['status'], string> = {
  active: 'bg-emerald-50 text-emerald-800 ring-emerald-600/20',
  expired: 'bg-slate-100 text-slate-700 ring-slate-500/20',
  revoked: 'bg-red-50 text-red-800 ring-red-600/20',
};

/**
 * Consumer portal links of one webhook: make one (expiry, may it resend), copy its URL
 * (shown this once), see who-knows-whom used them, revoke them.
 */
export function PortalLinksPanel({ webhookId, canEdit, onClose }: { webhookId: string; canEdit: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const links = useQuery({ queryKey: portalLinkKeys.list(webhookId), queryFn: () => apiFetch<Page<PortalLinkResource>>(linksPath(webhookId)) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: portalLinkKeys.list(webhookId) });
  const create = useMutation({
    mutationFn: (body: CreatePortalLinkInput) => apiFetch<PortalLinkResource & { url: string }>(linksPath(webhookId), { method: 'POST', body }),
    onSuccess: refresh,
  });
  const revoke = useMutation({
    mutationFn: (linkId: string) => apiFetch<null>(`${linksPath(webhookId)}/${encodeURIComponent(linkId)}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  const [hours, setHours] = useState(24);
  const [allowResend, setAllowResend] = useState(false);
  const [revoking, setRevoking] = useState<PortalLinkResource | null>(null);
  const expiryId = useId();
  const resendHintId = useId();

  return (
    <Panel
      title="Portal links"
      closeLabel="Close Portal links"
      onClose={onClose}
      testId="portal-links-panel"
      description={
        <p className="mt-0.5 text-sm text-slate-500">
          A link lets the receiver’s developers see this webhook’s deliveries (payloads, requests and responses) and send it tests, without a
          console account and without seeing anything else here. It stops working when it expires or is revoked.
        </p>
      }
    >
      {canEdit ? (
        <form
          className="mt-4 flex flex-col gap-4 sm:flex-row sm:flex-wrap sm:items-end"
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate({ expiresInHours: hours, allowResend });
          }}
        >
          <div className="space-y-1">
            <label htmlFor={expiryId} className="block text-sm font-medium text-slate-700">
              Expires after
            </label>
            <select
              id={expiryId}
              value={hours}
              onChange={(event) => setHours(Number(event.target.value))}
              className="block rounded-md border border-slate-300 bg-white py-2 pl-3 pr-8 text-sm shadow-xs focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
              data-testid="portal-link-expiry"
            >
              {EXPIRY_CHOICES.map((choice) => (
                <option key={choice.hours} value={choice.hours}>
                  {choice.label}
                </option>
              ))}
            </select>
          </div>
          <SwitchField
            checked={allowResend}
            onChange={setAllowResend}
            label="Allow resend"
            testId="portal-link-allow-resend"
            hintId={resendHintId}
            hint={allowResend ? 'The link may resend deliveries to this webhook.' : 'The link may look and send tests, not resend.'}
          />
          <Button type="submit" disabled={create.isPending} data-testid="portal-link-create">
            {create.isPending ? 'Creating…' : 'Create link'}
          </Button>
        </form>
      ) : null}
      {create.isError ? <FormError message={`Could not create the link: ${create.error.message}`} /> : null}
      {create.data ? (
        <div className="mt-4 space-y-2 rounded-md border border-emerald-200 bg-emerald-50 p-3" data-testid="portal-link-created">
          <p className="text-sm font-medium text-emerald-900">Copy the link now: it is shown only this once.</p>
          <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
            <code className="min-w-0 flex-1 break-all rounded bg-white px-2 py-1 font-mono text-xs text-slate-800" data-testid="portal-link-url">
              {create.data.url}
            </code>
            <CopyButton value={create.data.url} size="sm" testId="portal-link-copy" />
          </div>
          <p className="text-xs text-emerald-900">Expires {formatDateTime(create.data.expiresAt)}.</p>
        </div>
      ) : null}

      <div className="mt-5">
        <h3 className="text-sm font-semibold text-slate-900">Links</h3>
        {links.isPending ? <p className="mt-2 text-sm text-slate-500">Loading the links…</p> : null}
        {links.isError ? <FormError message={`Could not load the links: ${links.error.message}`} /> : null}
        {links.data && links.data.data.length === 0 ? <p className="mt-2 text-sm text-slate-500">No portal links yet.</p> : null}
        {links.data && links.data.data.length > 0 ? (
          <ul className="mt-2 divide-y divide-slate-200 rounded-md border border-slate-200" data-testid="portal-links">
            {links.data.data.map((link) => (
              <li key={link.id} className="flex flex-col gap-2 px-3 py-2 text-sm sm:flex-row sm:items-center sm:gap-4" data-testid="portal-link" data-link-id={link.id} data-status={link.status}>
                <span className={`inline-flex w-fit items-center rounded px-1.5 py-px text-xs font-medium capitalize ring-1 ring-inset ${STATUS_TONE[link.status]}`}>{link.status}</span>
                <span className="min-w-0 flex-1 text-slate-700">
                  {link.status === 'revoked' && link.revokedAt ? `Revoked ${formatDateTime(link.revokedAt)}` : `${link.status === 'expired' ? 'Expired' : 'Expires'} ${formatDateTime(link.expiresAt)}`}
                  {link.allowResend ? ' · may resend' : ''}
                  <span className="block text-xs text-slate-500">
                    Created {formatDateTime(link.createdAt)} ·{' '}
                    {link.useCount === 0 ? (
                      'never used'
                    ) : (
                      <>
                        used {link.useCount} time{link.useCount === 1 ? '' : 's'}, last <RelativeTime value={link.lastUsedAt} />
                      </>
                    )}
                  </span>
                </span>
                {canEdit && link.status === 'active' ? (
                  <Button variant="secondary" size="sm" onClick={() => setRevoking(link)} data-testid="portal-link-revoke">
                    Revoke
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
      </div>

      <ConfirmDialog
        open={revoking !== null}
        onClose={() => {
          setRevoking(null);
          revoke.reset();
        }}
        title="Revoke this portal link?"
        description="Whoever holds it sees a page that says it was revoked, from the next click on."
        testId="portal-link-revoke-dialog"
        tone="danger"
        error={revoke.isError ? `Could not revoke the link: ${revoke.error.message}` : undefined}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
        confirmLabel="Revoke link"
        busyLabel="Revoking…"
        isPending={revoke.isPending}
        confirmTestId="portal-link-revoke-confirm"
      />
    </Panel>
  );
}
