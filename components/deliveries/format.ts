// Small display helpers shared by the list, the detail and the timeline.

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1_000) return `${ms} ms`;
  return `${(ms / 1_000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatDateTime(unixSeconds: number | null): string {
  if (unixSeconds === null) return '—';
  return new Date(unixSeconds * 1000).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

export function statusCodeTone(code: number): string {
  if (code >= 200 && code < 300) return 'text-emerald-700';
  if (code >= 300 && code < 500) return 'text-amber-700';
  return 'text-red-700';
}

