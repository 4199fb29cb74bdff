// Page furniture shared by the console's pages: the header and the loading/error line of a query.
export function PageHeader({ title, description, actions }: { title: string; description: string; actions?: React.ReactNode }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        <p className="mt-1 text-sm text-slate-500">{description}</p>
      </div>
      {actions}
    </div>
  );
}

export function QueryState({ isPending, error, label }: { isPending: boolean; error: Error | null; label: string }) {
  if (isPending) return <p className="text-sm text-slate-500">Loading {label}…</p>;
  if (error) {
    return (
      <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
        Could not load {label}: {error.message}
      </p>
    );
  }
  return null;
}
