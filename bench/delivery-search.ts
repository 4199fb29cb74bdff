// Phase 6, delivery search over the scale data set (bench/scale-data.ts, 5,000,000
// deliveries by default): the first page of every search filter and of payload text,
// through the same lib function as the API, timed, with their plans.
import { webhookOf, type ScaleData } from './scale-data';
import { probeList } from './list-probe';

/**
 * Times the first page of each search filter, of payload text (a rare email, a common name,
 * text that matches nothing) and of combinations, over the organization's whole log.
 */
export async function measureDeliverySearch(data: ScaleData) {
  const { start, events, webhookIds } = data;
  const hour = new Date(start + 3.5 * 86_400_000);
  const seconds = (date: Date) => String(Math.floor(date.getTime() / 1000));
  const rareDonor = Math.floor(events * 0.37);
  const cases: { name: string; query: Record<string, string>; webhook?: boolean }[] = [
    { name: 'first page, no filter', query: {} },
    { name: 'event type (exact)', query: { event: 'form.submitted' } },
    { name: 'event group (donation.*)', query: { event: 'donation.*' } },
    { name: 'status FAILED', query: { status: 'FAILED' } },
    { name: 'webhook', query: { webhookId: webhookIds[3] } },
    { name: 'form', query: { formId: 'bench-form-2' } },
    { name: 'resource id (1 in 5,000)', query: { resourceId: 'res-4321' } },
    { name: 'time range (one hour, mid-week)', query: { since: seconds(hour), until: seconds(new Date(hour.getTime() + 3_600_000)) } },
    { name: 'status + event + form + time', query: { status: 'FAILED', event: 'donation.*', formId: 'bench-form-1', since: seconds(new Date(start + 86_400_000)) } },
    { name: 'q: one donor’s email', query: { q: `donor${rareDonor}@example.org` } },
    { name: 'q: an order number', query: { q: `ORD-${1_000_000 + rareDonor + 11}` } },
    { name: 'q: a common last name (1 in 10)', query: { q: 'Okafor' } },
    { name: 'q: text that matches nothing', query: { q: 'nobody-at-all@nowhere.test' } },
    { name: 'q + status FAILED + donation.*', query: { q: 'Tanaka', status: 'FAILED', event: 'donation.*' } },
    { name: 'q on one webhook’s list', query: { q: `donor${rareDonor + 3}@example.org` }, webhook: true },
  ];
  const results = [];
  for (const entry of cases) {
    results.push(
      await probeList({
        name: entry.name,
        organizationId: data.organizationId,
        webhookId: entry.webhook ? webhookIds[webhookOf(rareDonor + 3, 0)] : undefined,
        query: entry.query,
        target: entry.query.q ? 200 : 50,
        keepPlan: entry.name === 'status + event + form + time',
      }),
    );
  }
  return { deliveries: data.deliveries, events: data.events, loadSeconds: data.loadSeconds, loadPhases: data.phases, postgresCpuSeconds: data.postgresCpuSeconds, sizesMb: data.sizesMb, cases: results };
}
