/** What a portal link that no longer opens (or never did) shows instead of deliveries. */
export function PortalRefusal({ title, message }: { title: string; message: string }) {
  return (
    <main className="mx-auto flex min-h-screen max-w-xl items-center px-4 py-16">
      <div className="w-full rounded-xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="portal-refusal">
        <h1 className="text-xl font-semibold text-slate-900">{title}</h1>
        <p className="mt-2 text-sm text-slate-600">{message}</p>
        <p className="mt-4 text-xs text-slate-500">Tidings · webhook deliveries shared by link</p>
      </div>
    </main>
  );
}
