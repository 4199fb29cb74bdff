const TONES: Record<string, string> = {
  ACTIVE: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20',
  SUCCEEDED: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20',
  PAUSED: 'bg-amber-50 text-amber-800 ring-amber-600/20',
  PENDING: 'bg-sky-50 text-sky-700 ring-sky-600/20',
  RETRYING: 'bg-amber-50 text-amber-800 ring-amber-600/20',
  DISABLED: 'bg-red-50 text-red-700 ring-red-600/20',
  FAILED: 'bg-red-50 text-red-700 ring-red-600/20',
  HELD: 'bg-violet-50 text-violet-800 ring-violet-600/20',
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[status] ?? 'bg-slate-50 text-slate-700 ring-slate-500/20'}`}>
      {status.charAt(0) + status.slice(1).toLowerCase()}
    </span>
  );
}
