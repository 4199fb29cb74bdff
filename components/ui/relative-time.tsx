'use client';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

const formatter = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

export function formatRelative(unixSeconds: number, now = Date.now()): string {
  const delta = unixSeconds - Math.floor(now / 1000);
  for (const [unit, seconds] of UNITS) {
    if (Math.abs(delta) >= seconds || unit === 'second') return formatter.format(Math.round(delta / seconds), unit);
  }
  return '';
}

export function RelativeTime({ value, empty = 'Never' }: { value: number | null; empty?: string }) {
  if (value === null) return <span className="text-slate-500">{empty}</span>;
  const date = new Date(value * 1000);
  return (
    <time dateTime={date.toISOString()} title={date.toLocaleString()}>
      {formatRelative(value)}
    </time>
  );
}
