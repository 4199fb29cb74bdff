// Page furniture shared by the console's pages: the header, the link back to a list, and the
// loading/error line of a query.
import Link from 'next/link';

export function PageHeader({
  title,
  description,
  actions,
  headingId,
}: {
  title: string;
  description: string;
  actions?: React.ReactNode;
  /** For a section the heading labels (aria-labelledby). */
  headingId?: string;
}) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <div>
        <h1 id={headingId} className="text-2xl font-semibold tracking-tight">
          {title}
        </h1>
        <p className="mt-1 text-sm text-slate-500">{description}</p>
      </div>
      {actions}
    </div>
  );
}

export function QueryState({ isPending, error, label, testId }: { isPending: boolean; error: Error | null; label: string; testId?: string }) {
  if (isPending) {
    return (
      <p className="text-sm text-slate-500" data-testid={testId}>
        Loading {label}…
      </p>
    );
  }
  if (error) {
    return (
      <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
        Could not load {label}: {error.message}
      </p>
    );
  }
  return null;
}

/** The link back to the list a detail page belongs to ("← Webhooks"). */
export function BackLink({ href, children }: { href: string; children: React.ReactNode }) {
  return (
    <Link href={href} className="text-sm text-brand-600 hover:underline">
      ← {children}
    </Link>
  );
}
