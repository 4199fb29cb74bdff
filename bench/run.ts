// `npm run bench`: measures the README's "Performance" figures on this machine, in one run, against its
// own embedded PostgreSQL, worker process and loopback receiver. Each phase is a module of
// bench/; this file runs them in order, prints the table and writes bench/results/latest.json.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describeBatchIngestion, describeSingleIngestion, measureBatchIngestion, measureSingleIngestion } from './ingestion';
import { startBenchDatabase } from './database';
import { measureDrain } from './drain';
import { measureFanOut } from './fan-out';
import { describeFairness, measureFairness } from './fairness';
import { describeOrdered, measureOrdered } from './ordered';
import { measureLatency, type SteadyStateResult } from './latency';
import { startReceiver, startWorkerProcess, stopWorkerProcesses } from './processes';
import { measureRawCeiling } from './raw-ceiling';
import { measureRecentDeliveries } from './recent-deliveries';
import { measureDeliverySearch } from './delivery-search';
import { loadScaleData } from './scale-data';
import { measureRetention } from './retention';
import { BACKLOG_EVENTS, FAN_OUT, LATENCY_RATE, LATENCY_SECONDS, root, STEADY_SECONDS, STEADY_THROUGH } from './settings';

async function main(): Promise<void> {
  const database = await startBenchDatabase();
  const { directory, env, pgStats } = database;
  const { closeDb } = await import('../lib/db');
  const receiver = await startReceiver();
  const stopEverything = async () => {
    receiver.child.kill();
    await closeDb();
    await database.stop();
  };

  if (process.env.BENCH_RETENTION_ONLY === '1') {
    // The retention figure alone: one day of deliveries, its disk, and dropping it.
    console.log(JSON.stringify(await measureRetention(), null, 2));
    await stopEverything();
    await rm(directory, { recursive: true, force: true });
    process.exit(0);
  }

  const ingestOnly = process.env.BENCH_INGEST_ONLY ?? (process.env.BENCH_BATCH_ONLY === '1' ? 'batch' : undefined);
  if (ingestOnly) {
    // Ingestion alone (a few seconds each), then stop: BENCH_INGEST_ONLY=1 runs the batch and
    // the single-event phases, BENCH_INGEST_ONLY=single the latter, BENCH_BATCH_ONLY=1 the former.
    const rows: [string, string, string][] = [];
    if (ingestOnly !== 'single') {
      const batch = await measureBatchIngestion(path.join(directory, 'pg'), receiver.url, pgStats);
      console.log(JSON.stringify(batch));
      rows.push(describeBatchIngestion(batch));
    }
    if (ingestOnly !== 'batch') {
      const single = await measureSingleIngestion(path.join(directory, 'pg'), receiver.url, pgStats);
      console.log(JSON.stringify(single));
      rows.push(describeSingleIngestion(single));
    }
    for (const row of rows) console.log(`| ${row.join(' | ')} |`);
    await stopEverything();
    await rm(directory, { recursive: true, force: true });
    process.exit(0);
  }

  if (process.env.BENCH_FAIRNESS_ONLY === '1') {
    // The fair-sharing figure alone (a few seconds), then stop.
    const fairness = await measureFairness(env, receiver);
    console.log(`| ${describeFairness(fairness).join(' | ')} |`);
    await stopEverything();
    await rm(directory, { recursive: true, force: true });
    process.exit(0);
  }

  if (process.env.BENCH_SCALE_ONLY === '1' || process.env.BENCH_SEARCH_ONLY === '1') {
    // Recent Deliveries and delivery search alone over one data set of BENCH_SCALE_DELIVERIES
    // (5,000,000 by default; a few minutes, most of it loading), then stop.
    const data = await loadScaleData(path.join(directory, 'pg'));
    const query = await measureRecentDeliveries(data);
    const search = await measureDeliverySearch(data);
    console.log(JSON.stringify({ recentDeliveries: query, deliverySearch: search }, null, 2));
    console.log('\n| figure | measured | target |\n|---|---|---|');
    for (const [figure, measured, target] of scaleRows(query, search)) console.log(`| ${figure} | ${measured} | ${target} |`);
    await stopEverything();
    await rm(directory, { recursive: true, force: true });
    process.exit(0);
  }

  if (process.env.BENCH_ORDERED_ONLY === '1') {
    // The ordered-delivery figure alone, then stop.
    const ordered = await measureOrdered(env, receiver);
    console.log(`| ${describeOrdered(ordered).join(' | ')} |`);
    await stopEverything();
    await rm(directory, { recursive: true, force: true });
    process.exit(0);
  }

  // 0. Batch ingestion, before anything else fills the database: durable events per second.
  const batchIngestion = await measureBatchIngestion(path.join(directory, 'pg'), receiver.url, pgStats);
  // 0b. Single-event ingestion, 16 concurrent clients: durable events per second.
  const singleIngestion = await measureSingleIngestion(path.join(directory, 'pg'), receiver.url, pgStats);

  // 1. The raw ceiling: signed POSTs straight to the same receiver, same concurrency, no database.
  const rawPerSecond = await measureRawCeiling(receiver);

  // 2. Sustained durable deliveries, drained by one worker, then the same again by two
  // worker processes sharing the queue.
  const one = await measureDrain(database, receiver, 'one-worker', 1);
  if (process.env.BENCH_DRAIN_ONLY === '1') {
    // For tuning: the sustained figure alone, then stop.
    console.log(`one worker: ${Math.round(one.perSecond)} deliveries/s, ${(100 * one.perSecond / rawPerSecond).toFixed(1)} % of raw ${Math.round(rawPerSecond)} /s, peak RSS ${Math.round(one.peakRssMb)} MB`);
    await stopWorkerProcesses(one.started);
    await stopEverything();
    await rm(directory, { recursive: true, force: true });
    process.exit(0);
  }
  if (process.env.BENCH_STEADY_ONLY === '1') {
    // The steady state alone: the one-worker drain's peak, then 50 % and 80 % of it.
    const steady = await measureSteadyState(receiver, one.perSecond);
    console.log(JSON.stringify(steady, null, 2));
    for (const row of steady.map(describeSteadyState)) console.log(`| ${row.join(' | ')} |`);
    await stopWorkerProcesses(one.started);
    await stopEverything();
    await rm(directory, { recursive: true, force: true });
    process.exit(0);
  }
  await stopWorkerProcesses(one.started);
  const two = await measureDrain(database, receiver, 'two-workers', 2);
  await stopWorkerProcesses(two.started);
  const worker = await startWorkerProcess(env);
  const deliveredPerSecond = one.perSecond;
  const peakRssMb = Math.max(one.peakRssMb, two.peakRssMb);

  // 3. Latency: emit → received at a steady 100 events/s to one webhook, then the steady
  // state: events fanned out to FAN_OUT webhooks at 50 % and 80 % of the peak measured above.
  const latency = await measureLatency(receiver, { label: '100', eventsPerSecond: LATENCY_RATE, webhooks: 1, seconds: LATENCY_SECONDS, through: 'emitEvent', sampleQueue: false });
  const underLoad = await measureSteadyState(receiver, deliveredPerSecond);

  // 4. Fan-out: one event to 1,000 webhooks, until all are received.
  const fanOutMs = await measureFanOut(receiver);
  await stopWorkerProcesses([worker]);

  // 4b. Fair sharing: another organization's deliveries while one organization's receivers hang.
  await receiver.ask('reset');
  const fairness = await measureFairness(env, receiver);

  // 4c. Ordered delivery: one webhook's backlog over 1,000 keys, ordered vs unordered.
  await receiver.ask('reset');
  const ordered = await measureOrdered(env, receiver);

  // 5 and 6. One data set of BENCH_SCALE_DELIVERIES (5,000,000 by default) stored, then
  // Recent Deliveries and every search filter and payload text over it.
  const scaleData = await loadScaleData(path.join(directory, 'pg'));
  const query = await measureRecentDeliveries(scaleData);
  const search = await measureDeliverySearch(scaleData);
  // 7. Retention: one day of deliveries, its disk per delivery, and the time to drop it.
  const retention = await measureRetention();
  await stopEverything();
  if (pgStats) console.log(`PostgreSQL log with slow plans kept in ${directory}/postgres.log`);
  else await rm(directory, { recursive: true, force: true });

  const results = {
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    date: new Date().toISOString(),
    rawSignedPostsPerSecond: Math.round(rawPerSecond),
    backlog: { events: BACKLOG_EVENTS, fanOut: FAN_OUT, deliveries: one.totalDeliveries, attempts: one.attempts, emitSeconds: Number(one.emitSeconds.toFixed(2)), drainSeconds: Number(one.drainSeconds.toFixed(2)) },
    deliveriesPerSecond: Math.round(deliveredPerSecond),
    cpuMsPerDelivery: one.cpuMsPerDelivery,
    twoWorkers: { deliveriesPerSecond: Math.round(two.perSecond), ratioToOne: Number((two.perSecond / one.perSecond).toFixed(2)), deliveries: two.totalDeliveries, attempts: two.attempts, duplicates: two.attempts - two.totalDeliveries },
    fanOut: { webhooks: 1000, allReceivedMs: fanOutMs },
    recentDeliveries: query,
    deliverySearch: search,
    shareOfRaw: Number((deliveredPerSecond / rawPerSecond).toFixed(3)),
    latency: { rate: LATENCY_RATE, seconds: LATENCY_SECONDS, received: latency.received, p50Ms: latency.p50Ms, p99Ms: latency.p99Ms },
    latencyUnderLoad: underLoad,
    workerPeakRssMb: Math.round(peakRssMb),
    fairness,
    retention,
    ordered,
    batchIngestion,
    singleIngestion,
  };
  const rows: [string, string, string][] = [
    ['sustained signed deliveries, durable, each attempt logged', `${results.deliveriesPerSecond} /s`, '≥ 2,000 /s'],
    ['share of raw signed POST throughput (same receiver, same run)', `${(results.shareOfRaw * 100).toFixed(1)} % of ${results.rawSignedPostsPerSecond} /s`, '≥ 30 %'],
    [
      'CPU per delivery, one worker draining (PostgreSQL + worker)',
      `${one.cpuMsPerDelivery.postgres} + ${one.cpuMsPerDelivery.worker} = ${(one.cpuMsPerDelivery.postgres + one.cpuMsPerDelivery.worker).toFixed(3)} ms`,
      '≤ 0.3 ms',
    ],
    [`emit → received latency at ${LATENCY_RATE} events/s`, `p50 ${results.latency.p50Ms} ms, p99 ${results.latency.p99Ms} ms`, 'p50 ≤ 15 ms, p99 ≤ 100 ms'],
    ...underLoad.map(describeSteadyState),
    ['fan-out: one event to 1,000 webhooks, all received', `${results.fanOut.allReceivedMs} ms`, '≤ 2,000 ms'],
    describeBatchIngestion(batchIngestion),
    describeSingleIngestion(singleIngestion),
    describeFairness(fairness),
    describeOrdered(ordered),
    ...scaleRows(query, search),
    [`retention: dropping one day of ${retention.deliveries.toLocaleString('en-US')} deliveries (event + delivery + attempt: ${retention.bytesPerDelivery} bytes each)`, `${retention.dropMs} ms, ${Math.round(retention.bytesFreed / 2 ** 20)} MB freed`, 'reported'],
    ['worker resident memory, peak under load', `${results.workerPeakRssMb} MB`, '≤ 250 MB'],
    ['two workers vs one (same database)', `${results.twoWorkers.deliveriesPerSecond} /s = ${results.twoWorkers.ratioToOne}× one; ${results.twoWorkers.duplicates} sent twice`, 'no delivery sent twice'],
  ];
  console.log('\n| figure | measured | target |\n|---|---|---|');
  for (const [figure, measured, target] of rows) console.log(`| ${figure} | ${measured} | ${target} |`);
  await mkdir(path.join(root, 'bench/results'), { recursive: true });
  await writeFile(path.join(root, 'bench/results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('\nwritten to bench/results/latest.json');
  // Pools and timers of the libraries under test would otherwise keep the process alive.
  process.exit(0);
}

/**
 * The steady state (issue 19 item 3): POST /events at 50 % and 80 % of `peak` deliveries/s
 * (FAN_OUT webhooks per event) for STEADY_SECONDS each, while the worker delivers.
 */
async function measureSteadyState(receiver: Awaited<ReturnType<typeof startReceiver>>, peak: number): Promise<(SteadyStateResult & { shareOfPeak: number })[]> {
  const points = [];
  for (const share of [0.5, 0.8]) {
    const eventsPerSecond = Math.max(1, Math.round((peak * share) / FAN_OUT));
    const measured = await measureLatency(receiver, { label: `${share * 100}pct`, eventsPerSecond, webhooks: FAN_OUT, seconds: STEADY_SECONDS, through: STEADY_THROUGH, sampleQueue: true });
    points.push({ shareOfPeak: share, ...(measured as SteadyStateResult) });
  }
  return points;
}

function describeSteadyState(entry: SteadyStateResult & { shareOfPeak: number }): [string, string, string] {
  const queue = entry.queue;
  return [
    `emit → received latency at ${entry.shareOfPeak * 100} % of the peak (${entry.deliveriesPerSecond} deliveries/s for ${entry.seconds} s, through ${entry.through})`,
    `p50 ${entry.p50Ms} ms, p99 ${entry.p99Ms} ms (${entry.received}/${entry.expected} received); queued jobs start ${queue.start}, after 5 s ${queue.afterFiveSeconds}, end ${queue.end}, max ${queue.max}: ${queue.grew ? 'grew' : 'did not grow'}`,
    entry.shareOfPeak === 0.8 ? 'p99 ≤ 1 s, queue does not grow' : 'reported',
  ];
}

/** The table rows of phases 5 and 6: one per probe. */
function scaleRows(
  query: Awaited<ReturnType<typeof measureRecentDeliveries>>,
  search: Awaited<ReturnType<typeof measureDeliverySearch>>,
): [string, string, string][] {
  const stored = `${query.deliveries.toLocaleString('en-US')} stored`;
  return [
    [`scale data set: ${stored}, ${search.events.toLocaleString('en-US')} events, loaded in SQL`, `${search.loadSeconds} s (insert ${search.loadPhases.insertSeconds} s, indexes ${search.loadPhases.attachSeconds} s, vacuum analyze ${search.loadPhases.analyzeSeconds} s; PostgreSQL CPU ${search.postgresCpuSeconds.insert} + ${search.postgresCpuSeconds.indexes} + ${search.postgresCpuSeconds.analyze} s)`, 'reported'],
    ...query.cases.map((entry): [string, string, string] => [`Recent Deliveries, ${stored}: ${entry.name}`, `${entry.serverMs} ms (plan ${entry.planMs} ms)`, `≤ ${entry.target} ms`]),
    ...search.cases.map((entry): [string, string, string] => [`Delivery search, ${stored}: ${entry.name}`, `${entry.serverMs} ms (plan ${entry.planMs} ms)`, `≤ ${entry.target} ms`]),
  ];
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
