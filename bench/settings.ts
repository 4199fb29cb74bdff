// What the bench runs: sizes and rates shared by its phases.
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');
export const BACKLOG_EVENTS = Number(process.env.BENCH_EVENTS ?? 2_000);
export const FAN_OUT = 10;
export const LATENCY_RATE = 100;
export const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 10);
/** Steady state: how long the bench emits at 50 % and 80 % of the drain peak (issue 19 item 3: 30 s). */
export const STEADY_SECONDS = Number(process.env.BENCH_STEADY_SECONDS ?? 30);
/** How the steady state's events go in: POST /events as a client sends them (with group commit), or BENCH_STEADY_THROUGH=emitEvent in process. */
export const STEADY_THROUGH: 'POST /events' | 'emitEvent' = process.env.BENCH_STEADY_THROUGH === 'emitEvent' ? 'emitEvent' : 'POST /events';
export const RAW_SECONDS = 5;

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

// Batch ingestion (POST /events/batch): batches of 100 as the target says. 300 batches
// stay under the API key's 1,200 requests a minute.
export const BATCH_SIZE = 100;
export const BATCH_COUNT = Number(process.env.BENCH_BATCHES ?? 300);
export const BATCH_CONCURRENCY = Number(process.env.BENCH_BATCH_CONCURRENCY ?? 4);

// Single-event ingestion (POST /events): 16 concurrent clients, each its own API key, sending
// one event per request; 600 each stay under a key's 1,200 requests a minute.
export const SINGLE_CLIENTS = 16;
export const SINGLE_EVENTS_PER_CLIENT = Math.min(1_100, Number(process.env.BENCH_SINGLE_EVENTS ?? 600));
