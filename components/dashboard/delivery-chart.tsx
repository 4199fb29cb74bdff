'use client';

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { StatsBucket } from './api';

export const OUTCOMES = [
  { key: 'succeeded', label: 'Succeeded', color: '#10b981' },
  { key: 'failed', label: 'Failed', color: '#ef4444' },
  { key: 'pending', label: 'Retrying or pending', color: '#f59e0b' },
] as const;

export type ChartRange = 'hours' | 'days';

export function bucketLabel(start: number, range: ChartRange, timeZone: string, long = false): string {
  const date = new Date(start * 1000);
  if (range === 'hours') {
    return new Intl.DateTimeFormat(undefined, {
      timeZone,
      hour: 'numeric',
      minute: '2-digit',
      ...(long ? { weekday: 'short', day: 'numeric', month: 'short' } : {}),
    }).format(date);
  }
  return new Intl.DateTimeFormat(undefined, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    ...(long ? { month: 'long' } : {}),
  }).format(date);
}

/** Deliveries per outcome per bucket, stacked; a hidden table carries the same figures for screen readers. */
export function DeliveryChart({ buckets, range, timeZone, caption }: { buckets: StatsBucket[]; range: ChartRange; timeZone: string; caption: string }) {
  const data = buckets.map((bucket) => ({
    ...bucket,
    label: bucketLabel(bucket.start, range, timeZone),
    longLabel: bucketLabel(bucket.start, range, timeZone, true),
  }));
  const empty = buckets.every((bucket) => bucket.succeeded + bucket.failed + bucket.pending === 0);

  return (
    // overflow-hidden: the tooltip's hidden wrapper would otherwise widen a phone's page.
    <div className="relative overflow-hidden">
      <div aria-hidden="true" data-testid="delivery-chart" data-range={range}>
        <BarChart
          responsive
          data={data}
          style={{ width: '100%', height: 260 }}
          margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
          accessibilityLayer={false}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis
            dataKey="label"
            tick={{ fontSize: 12, fill: '#64748b' }}
            tickLine={false}
            axisLine={{ stroke: '#cbd5e1' }}
            interval="preserveStartEnd"
            minTickGap={16}
          />
          <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: '#64748b' }} tickLine={false} axisLine={false} width={36} />
          <Tooltip
            cursor={{ fill: '#f1f5f9' }}
            labelFormatter={(_label, payload) => String(payload?.[0]?.payload?.longLabel ?? _label)}
            contentStyle={{ borderRadius: 8, borderColor: '#e2e8f0', fontSize: 13 }}
          />
          <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 13 }} itemSorter={null} />
          {OUTCOMES.map((outcome, index) => (
            <Bar
              key={outcome.key}
              dataKey={outcome.key}
              name={outcome.label}
              stackId="outcome"
              fill={outcome.color}
              maxBarSize={40}
              isAnimationActive={false}
              radius={index === OUTCOMES.length - 1 ? [3, 3, 0, 0] : undefined}
            />
          ))}
        </BarChart>
      </div>
      {empty ? (
        <p className="pointer-events-none absolute inset-x-0 top-20 text-center text-sm text-slate-500">
          No deliveries in this period yet.
        </p>
      ) : null}
      <table className="sr-only">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{range === 'hours' ? 'Hour' : 'Day'}</th>
            {OUTCOMES.map((outcome) => (
              <th key={outcome.key} scope="col">{outcome.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.map((row) => (
            <tr key={row.start}>
              <th scope="row">{row.longLabel}</th>
              {OUTCOMES.map((outcome) => (
                <td key={outcome.key}>{row[outcome.key]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
