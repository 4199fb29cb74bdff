'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { useConsole } from '@/components/console/console-context';
import { PageHeader, QueryState } from '@/components/ui/page';
import { useWebhooks } from '@/components/webhooks/api';
import { FailingBanner } from '@/components/webhooks/failing-banner';
import { RelativeTime } from '@/components/ui/relative-time';
import { StatusBadge } from '@/components/ui/status-badge';
import { browserTimeZone, statsApi, statsKeys, type DeliveryStats, type WebhookStats } from './api';
import { bucketLabel, DeliveryChart, type ChartRange } from './delivery-chart';

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const count = new Intl.NumberFormat();

function successRate(totals: { succeeded: number; failed: number }): number | null {
  const finished = totals.succeeded + totals.failed;
  return finished === 0 ? null : totals.succeeded / finished;
}

export function Dashboard() {
  const { organization } = useConsole();
  const [timeZone] = useState(browserTimeZone);
  const query = useQuery({
    queryKey: statsKeys.deliveries(timeZone),
    queryFn: () => statsApi.deliveries(timeZone),
    // Faster while deliveries are still on their way, so the figures settle in view.
    refetchInterval: (current) => ((current.state.data?.last24Hours.totals.pending ?? 0) > 0 ? 5_000 : 15_000),
  });

  return (
    <section aria-labelledby="dashboard-heading" className="space-y-6">
      <PageHeader
        title="Dashboard"
        description={`How ${organization.name}'s deliveries went over the last day and week, and which webhooks need attention.`}
      />
      <DashboardFailingBanner />
      {query.data ? (
        <DashboardContent stats={query.data} />
      ) : (
        <QueryState isPending={query.isPending} error={query.error} label="delivery statistics" />
      )}
    </section>
  );
}

/** Webhooks failing every delivery, before Tidings disables them (the Webhooks list shows the same). */
function DashboardFailingBanner() {
  const webhooks = useWebhooks();
  return webhooks.data ? <FailingBanner webhooks={webhooks.data.data} /> : null;
}

function DashboardContent({ stats }: { stats: DeliveryStats }) {
  const [range, setRange] = useState<ChartRange>('hours');
  const day = stats.last24Hours.totals;
  const rate = successRate(day);
  const series = range === 'hours' ? stats.last24Hours : stats.last7Days;

  return (
    <>
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="dashboard-totals">
        <Tile label="Succeeded, 24 h" value={count.format(day.succeeded)} tone="text-emerald-700" testId="total-succeeded" />
        <Tile label="Failed, 24 h" value={count.format(day.failed)} tone={day.failed > 0 ? 'text-red-600' : 'text-slate-900'} testId="total-failed" />
        <Tile label="Retrying or pending" value={count.format(day.pending)} tone={day.pending > 0 ? 'text-amber-700' : 'text-slate-900'} testId="total-pending" />
        <Tile label="Success rate, 24 h" value={rate === null ? '—' : percent.format(rate)} tone="text-slate-900" testId="total-rate" />
      </dl>

      <section aria-labelledby="chart-heading" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
        <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
          <div>
            <h2 id="chart-heading" className="text-base font-semibold">Deliveries by outcome</h2>
            <p className="text-sm text-slate-500">
              {count.format(series.totals.succeeded + series.totals.failed + series.totals.pending)} deliveries{' '}
              {range === 'hours' ? 'in the last 24 hours, by hour' : 'in the last 7 days, by day'} · times in {stats.timeZone}
            </p>
          </div>
          <div role="group" aria-label="Period" className="inline-flex rounded-lg border border-slate-200 bg-slate-50 p-0.5">
            {(
              [
                ['hours', 'Last 24 hours'],
                ['days', 'Last 7 days'],
              ] as const
            ).map(([value, label]) => (
              <button
                key={value}
                type="button"
                aria-pressed={range === value}
                onClick={() => setRange(value)}
                className={`rounded-md px-3 py-1.5 text-sm font-medium ${
                  range === value ? 'bg-white text-slate-900 shadow-xs ring-1 ring-slate-200' : 'text-slate-600 hover:text-slate-900'
                }`}
              >
                {label}
              </button>
            ))}
          </div>
        </div>
        <DeliveryChart
          buckets={series.buckets}
          range={range}
          timeZone={stats.timeZone}
          caption={range === 'hours' ? 'Deliveries per hour, last 24 hours' : 'Deliveries per day, last 7 days'}
        />
      </section>

      <WebhookHealth stats={stats} />
    </>
  );
}

function Tile({ label, value, tone, testId }: { label: string; value: string; tone: string; testId: string }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-sm">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className={`mt-1 text-2xl font-semibold tabular-nums ${tone}`} data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

function WebhookHealth({ stats }: { stats: DeliveryStats }) {
  const { webhooks } = stats;
  return (
    <section aria-labelledby="health-heading" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h2 id="health-heading" className="text-base font-semibold">Webhooks</h2>
          <p className="text-sm text-slate-500">Failing webhooks first. Success rate and volume over the last 7 days.</p>
        </div>
        {stats.webhookCount > webhooks.length ? (
          <p className="text-sm text-slate-500">
            Showing {webhooks.length} of {stats.webhookCount}.{' '}
            <Link href="/webhooks" className="font-medium text-brand-600 hover:underline">All webhooks</Link>
          </p>
        ) : null}
      </div>
      {webhooks.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
          <p className="text-sm text-slate-600">No webhooks yet.</p>
          <Link href="/webhooks" className="mt-2 inline-block text-sm font-medium text-brand-600 hover:underline">
            Go to Webhooks
          </Link>
        </div>
      ) : (
        <div className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
          <div
            aria-hidden="true"
            className="hidden grid-cols-[minmax(0,2.2fr)_minmax(0,1fr)_minmax(0,1.3fr)_minmax(0,1fr)] gap-4 border-b border-slate-200 bg-slate-50 px-4 py-2.5 text-xs font-medium uppercase tracking-wide text-slate-500 md:grid"
          >
            <span>Webhook</span>
            <span>Success rate</span>
            <span>Volume</span>
            <span>Last delivery</span>
          </div>
          <ul className="divide-y divide-slate-100" data-testid="dashboard-webhooks">
            {webhooks.map((webhook) => (
              <WebhookHealthRow key={webhook.webhookId} webhook={webhook} days={stats.last7Days.buckets.map((bucket) => bucket.start)} timeZone={stats.timeZone} />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function WebhookHealthRow({ webhook, days, timeZone }: { webhook: WebhookStats; days: number[]; timeZone: string }) {
  const week = webhook.last7Days;
  const volume = week.succeeded + week.failed + week.pending;
  const dayVolume = webhook.last24Hours.succeeded + webhook.last24Hours.failed + webhook.last24Hours.pending;
  const rate = webhook.successRate;
  const rateTone = rate === null ? 'bg-slate-300' : rate >= 0.95 ? 'bg-emerald-500' : rate >= 0.8 ? 'bg-amber-500' : 'bg-red-500';
  const failing = webhook.status === 'DISABLED' || webhook.consecutiveFailures > 0;

  return (
    <li
      className="grid gap-3 px-4 py-3 md:grid-cols-[minmax(0,2.2fr)_minmax(0,1fr)_minmax(0,1.3fr)_minmax(0,1fr)] md:items-center md:gap-4"
      data-testid="dashboard-webhook"
      data-webhook-id={webhook.webhookId}
      data-volume-7d={volume}
      data-succeeded-7d={week.succeeded}
    >
      <div className="min-w-0">
        <div className="flex flex-wrap items-center gap-2">
          <Link
            href={`/webhooks/${encodeURIComponent(webhook.webhookId)}/deliveries`}
            className="font-medium text-slate-900 hover:text-brand-700 hover:underline"
          >
            {webhook.name}
          </Link>
          {webhook.status !== 'ACTIVE' ? <StatusBadge status={webhook.status} /> : null}
        </div>
        <div className="truncate font-mono text-xs text-slate-500" title={webhook.url}>{webhook.url}</div>
        {failing ? (
          <p className="mt-1 text-xs text-red-600">
            {webhook.disabledReason ??
              `${webhook.consecutiveFailures} failed attempt${webhook.consecutiveFailures === 1 ? '' : 's'} in a row`}
          </p>
        ) : null}
      </div>

      <div className="flex items-center gap-3 md:block">
        <span className="w-24 text-xs text-slate-500 md:hidden">Success rate</span>
        <div>
          <div className="text-sm font-semibold tabular-nums" data-testid="webhook-success-rate">
            {rate === null ? <span className="font-normal text-slate-500">No finished deliveries</span> : percent.format(rate)}
          </div>
          {rate !== null ? (
            <div className="mt-1 h-1.5 w-28 overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
              <div className={`h-full rounded-full ${rateTone}`} style={{ width: `${Math.max(rate * 100, 2)}%` }} />
            </div>
          ) : null}
        </div>
      </div>

      <div className="flex items-center gap-3 md:block">
        <span className="w-24 text-xs text-slate-500 md:hidden">Volume</span>
        <div className="flex items-end gap-3">
          <div className="text-sm tabular-nums" data-testid="webhook-volume">
            <span className="font-semibold">{count.format(volume)}</span>
            <span className="text-slate-500"> in 7 d</span>
            <div className="text-xs text-slate-500">{count.format(dayVolume)} in 24 h{week.failed > 0 ? ` · ${count.format(week.failed)} failed` : ''}</div>
          </div>
          <Sparkline values={webhook.daily} days={days} timeZone={timeZone} />
        </div>
      </div>

      <div className="flex items-center gap-3 text-sm text-slate-600 md:block">
        <span className="w-24 text-xs text-slate-500 md:hidden">Last delivery</span>
        <RelativeTime value={webhook.lastDeliveryAt} />
      </div>
    </li>
  );
}

/** Seven tiny bars: the webhook's deliveries per day, for a glance at its trend. */
function Sparkline({ values, days, timeZone }: { values: number[]; days: number[]; timeZone: string }) {
  const max = Math.max(1, ...values);
  const summary = values.map((value, index) => `${bucketLabel(days[index] ?? 0, 'days', timeZone)}: ${value}`).join(', ');
  return (
    <div className="flex h-8 items-end gap-0.5" role="img" aria-label={`Deliveries per day: ${summary}`} title={summary}>
      {values.map((value, index) => (
        <span
          key={index}
          className={`w-1.5 rounded-sm ${value > 0 ? 'bg-brand-500' : 'bg-slate-200'}`}
          style={{ height: `${value > 0 ? Math.max((value / max) * 100, 12) : 8}%` }}
        />
      ))}
    </div>
  );
}
