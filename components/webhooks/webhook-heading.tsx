import { FormError } from '@/components/ui/form';
import { StatusBadge } from '@/components/ui/status-badge';
import { ApiError } from '@/lib/api-client';
import type { WebhookResource } from './api';

/** A webhook page's title with the webhook's status next to it, once it is loaded. */
export function WebhookHeading({
  title,
  status,
  className,
  testId,
}: {
  title: string;
  status: WebhookResource['status'] | undefined;
  /** Spacing of the title row within its page header. */
  className: string;
  testId?: string;
}) {
  return (
    <div className={`flex flex-wrap items-center gap-x-3 ${className}`}>
      <h1 className="min-w-0 break-words text-2xl font-semibold tracking-tight" data-testid={testId}>
        {title}
      </h1>
      {status ? <StatusBadge status={status} /> : null}
    </div>
  );
}

/** Why a webhook page has nothing to show: gone (or another organization's), or the request failed. */
export function WebhookLoadError({ error }: { error: Error }) {
  return (
    <FormError
      testId="webhook-load-error"
      message={
        error instanceof ApiError && error.status === 404
          ? 'This webhook does not exist in this organization (it may have been deleted).'
          : `Could not load the webhook: ${error.message}`
      }
    />
  );
}
