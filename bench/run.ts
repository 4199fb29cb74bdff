// `npm run bench`: measures the README's "Performance" figures on this machine, in one run, against its
// own embedded PostgreSQL, worker process and loopback receiver. Each phase is a module of
// bench/; this file runs them in order, prints the table and writes bench/results/latest.json.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describeBatchIngestion, measureBatchIngestion } from './batch-ingestion';
import { startBenchDatabase } from './database';
import { measureDrain } from './drain';
import { measureFanOut } from './fan-out';
import { describeFairness, measureFairness } from './fairness';
import { describeOrdered, measureOrdered } from './ordered';
import { measureLatency } from './latency';
import { startReceiver, startWorkerProcess, stopWorkerProcesses } from './processes';
import { measureRawCeiling } from './raw-ceiling';
import { measureRecentDeliveries } from './recent-deliveries';
import { measureDeliverySearch } from './delivery-search';
import { loadScaleData } from './scale-data';
import { measureRetention } from './retention';
import { BACKLOG_EVENTS, FAN_OUT, LATENCY_RATE, LATENCY_SECONDS, root } from './settings';

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

  if (process.env.BENCH_BATCH_ONLY === '1') {
    // Batch ingestion alone (a few seconds), then stop.
    const batch = await measureBatchIngestion(path.join(directory, 'pg'), receiver.url, pgStats);
    console.log(JSON.stringify(batch));
    console.log(`| ${describeBatchIngestion(batch).join(' | ')} |`);
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
  await stopWorkerProcesses(one.started);
  const two = await measureDrain(database, receiver, 'two-workers', 2);
  await stopWorkerProcesses(two.started);
  const worker = await startWorkerProcess(env);
  const deliveredPerSecond = one.perSecond;
  const peakRssMb = Math.max(one.peakRssMb, two.peakRssMb);

  // 3. Latency: emit → received at a steady 100 events/s to one webhook, then under load:
  // events fanned out to FAN_OUT webhooks at 50 % and 80 % of the peak measured above.
  const latency = await measureLatency(receiver, '100', LATENCY_RATE, 1);
  const underLoad = [];
  for (const share of [0.5, 0.8]) {
    const eventsPerSecond = Math.max(1, Math.round((deliveredPerSecond * share) / FAN_OUT));
    underLoad.push({ shareOfPeak: share, ...(await measureLatency(receiver, `${share * 100}pct`, eventsPerSecond, FAN_OUT)) });
  }

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
  };
  const rows: [string, string, string][] = [
    ['sustained signed deliveries, durable, each attempt logged', `${results.deliveriesPerSecond} /s`, '≥ 2,000 /s'],
    ['share of raw signed POST throughput (same receiver, same run)', `${(results.shareOfRaw * 100).toFixed(1)} % of ${results.rawSignedPostsPerSecond} /s`, '≥ 30 %'],
    [`emit → received latency at ${LATENCY_RATE} events/s`, `p50 ${results.latency.p50Ms} ms, p99 ${results.latency.p99Ms} ms`, 'p50 ≤ 15 ms, p99 ≤ 100 ms'],
    ...underLoad.map((entry): [string, string, string] => [
      `emit → received latency at ${entry.shareOfPeak * 100} % of the peak (${entry.deliveriesPerSecond} deliveries/s)`,
      `p50 ${entry.p50Ms} ms, p99 ${entry.p99Ms} ms (${entry.received}/${entry.expected} received)`,
      'reported',
    ]),
    ['fan-out: one event to 1,000 webhooks, all received', `${results.fanOut.allReceivedMs} ms`, '≤ 2,000 ms'],
    describeBatchIngestion(batchIngestion),
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
