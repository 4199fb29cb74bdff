// What an integrator does, counted the way an integrator would count it: a client that
// emits events through the load balancer at a steady rate, retrying a failed POST /events
// with the same Idempotency-Key (README "Batch ingestion" / delivery semantics), and a
// receiver on this machine that checks every delivery's signature.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Attempt = { startedAt: number; endedAt: number; outcome: number | 'network error' };

type Emitted = { key: string; sentAt: number; attempts: Attempt[]; eventIds: Set<string> };

/** Emits `ratePerSecond` events of `type` with `data`; each retried until answered 202. */
export class LoadClient {
  readonly emitted: Emitted[] = [];
  private running = true;
  private inFlight = new Set<Promise<void>>();
  private loop: Promise<void>;

  constructor(
    private readonly options: { webUrl: string; apiKey: string; ratePerSecond: number; data: unknown; type: string; label: string },
  ) {
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    const interval = 1000 / this.options.ratePerSecond;
    const start = Date.now();
    for (let i = 0; this.running; i += 1) {
      const wait = start + i * interval - Date.now();
      if (wait > 0) await sleep(wait);
      if (!this.running) break;
      const emitted: Emitted = { key: `${this.options.label}-${i}-${randomUUID()}`, sentAt: Date.now(), attempts: [], eventIds: new Set() };
      this.emitted.push(emitted);
      const sending = this.send(emitted);
      this.inFlight.add(sending);
      void sending.finally(() => this.inFlight.delete(sending));
    }
  }

  private async send(emitted: Emitted): Promise<void> {
    // Until answered 202, however long the outage; backing off to at most 1 s between tries.
    for (let retry = 0; ; retry += 1) {
      const startedAt = Date.now();
      let outcome: Attempt['outcome'];
      try {
        const response = await fetch(`${this.options.webUrl}/api/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${this.options.apiKey}`, 'content-type': 'application/json', 'idempotency-key': emitted.key },
          body: JSON.stringify({ type: this.options.type, data: this.options.data }),
          signal: AbortSignal.timeout(15_000),
        });
        outcome = response.status;
        const text = await response.text();
        if (response.status === 202) emitted.eventIds.add((JSON.parse(text) as { eventId: string }).eventId);
      } catch {
        outcome = 'network error';
      }
      emitted.attempts.push({ startedAt, endedAt: Date.now(), outcome });
      if (outcome === 202) return;
      if (typeof outcome === 'number' && outcome >= 400 && outcome < 500 && outcome !== 408 && outcome !== 409 && outcome !== 429) {
        throw new Error(`POST /events answered ${outcome}: not a failure of the cluster`);
      }
      await sleep(Math.min(1_000, 100 * 2 ** retry));
    }
  }

  /** Stops emitting and waits until every event emitted so far was answered 202. */
  async stop(timeoutMs = 180_000): Promise<void> {
    this.running = false;
    await this.loop;
    const all = Promise.all([...this.inFlight]);
    const timedOut = sleep(timeoutMs).then(() => {
      throw new Error(`${this.inFlight.size} POST /events still not accepted ${timeoutMs / 1000} s after the load stopped`);
    });
    await Promise.race([all, timedOut]);
  }

  /** Every answered attempt that was not a 202, as the integrator saw them. */
  refusals(): Attempt[] {
    return this.emitted.flatMap((emitted) => emitted.attempts.filter((attempt) => attempt.outcome !== 202));
  }
}

export type Delivery = { path: string; webhookId: string; eventId: string; receivedAt: number };

/** Listens on the machine's bridge address; accepts only deliveries whose signature verifies. */
export class VerifyingReceiver {
  readonly deliveries: Delivery[] = [];
  badSignatures = 0;
  /** Answer after this long (to keep deliveries in flight while a worker is cut off). */
  delayMs = 0;
  /** Paths answered 503 (a receiver that is down): their requests are counted here, not delivered. */
  readonly refusing = new Set<string>();
  refusedAttempts = 0;
  private server: Server | null = null;
  private secrets = new Map<string, Webhook>();

  constructor(private readonly host: string) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const verifier = this.secrets.get(request.url ?? '');
        try {
          if (!verifier) throw new Error('no webhook at this path');
          const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
          verifier.verify(body, headers);
          if (this.refusing.has(request.url ?? '')) {
            this.refusedAttempts += 1;
            response.writeHead(503).end();
            return;
          }
          const payload = JSON.parse(body) as { id: string };
          this.deliveries.push({ path: request.url ?? '', webhookId: String(request.headers['webhook-id']), eventId: payload.id, receivedAt: Date.now() });
        } catch {
          this.badSignatures += 1;
          response.writeHead(400).end();
          return;
        }
        setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'), this.delayMs);
      });
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, this.host, resolve));
    return `http://${this.host}:${(this.server.address() as AddressInfo).port}`;
  }

  /** Deliveries to `path` are verified with `secret` (the webhook's, from its creation). */
  expect(path: string, secret: string): void {
    this.secrets.set(path, new Webhook(secret));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

export type ScenarioCounts = {
  scenario: string;
  accepted: number;
  received: number;
  lost: number;
  duplicates: number;
  keysAcceptedTwice: number;
  unexpectedEvents: number;
  refusedDuringFailure: number;
  /** The refused attempts by answer: HTTP status or "network error". */
  refusedBy: string;
  apiRecoverySeconds: number;
  deliveryGapSeconds: number;
  notes: string;
};

/**
 * Counts one scenario: events answered 202 (accepted), those that reached the receiver
 * with a valid signature, the accepted ones that never did (lost), deliveries received
 * more than once (duplicates: at-least-once), keys answered with two event ids, events
 * received that no 202 announced, refused attempts, and how long the outage lasted as the
 * client saw it (first refusal to the last one after the failure) and as the receiver saw
 * it (the longest silence between deliveries after the failure).
 */
export function countScenario(input: {
  scenario: string;
  load: LoadClient;
  deliveries: Delivery[];
  failureAt: number;
  notes?: string;
}): ScenarioCounts {
  const accepted = new Set(input.load.emitted.flatMap((emitted) => [...emitted.eventIds]));
  const receivedEvents = new Map<string, number>();
  for (const delivery of input.deliveries) receivedEvents.set(delivery.eventId, (receivedEvents.get(delivery.eventId) ?? 0) + 1);
  const refusals = input.load.refusals().filter((attempt) => attempt.endedAt >= input.failureAt);
  const lastRefusal = Math.max(input.failureAt, ...refusals.map((attempt) => attempt.endedAt));
  const times = input.deliveries.map((delivery) => delivery.receivedAt).filter((time) => time >= input.failureAt - 1_000).sort((a, b) => a - b);
  let gap = 0;
  for (let i = 1; i < times.length; i += 1) gap = Math.max(gap, times[i] - times[i - 1]);
  if (times.length > 0) gap = Math.max(gap, times[0] - input.failureAt);
  return {
    scenario: input.scenario,
    accepted: accepted.size,
    received: [...receivedEvents.keys()].filter((id) => accepted.has(id)).length,
    lost: [...accepted].filter((id) => !receivedEvents.has(id)).length,
    duplicates: [...receivedEvents.values()].reduce((sum, count) => sum + (count - 1), 0),
    keysAcceptedTwice: input.load.emitted.filter((emitted) => emitted.eventIds.size > 1).length,
    unexpectedEvents: [...receivedEvents.keys()].filter((id) => !accepted.has(id)).length,
    refusedDuringFailure: refusals.length,
    refusedBy: Object.entries(
      refusals.reduce<Record<string, number>>((byOutcome, attempt) => ({ ...byOutcome, [String(attempt.outcome)]: (byOutcome[String(attempt.outcome)] ?? 0) + 1 }), {}),
    )
      .map(([outcome, count]) => `${count}× ${outcome}`)
      .join(', '),
    apiRecoverySeconds: refusals.length === 0 ? 0 : Math.round((lastRefusal - Math.min(...refusals.map((a) => a.startedAt))) / 100) / 10,
    deliveryGapSeconds: Math.round(gap / 100) / 10,
    notes: input.notes ?? '',
  };
}

export function printCounts(counts: ScenarioCounts): void {
  console.log(
    `[cluster test] ${counts.scenario}: accepted ${counts.accepted}, received ${counts.received}, lost ${counts.lost}, ` +
      `duplicates ${counts.duplicates}, accepted twice for one key ${counts.keysAcceptedTwice}, unexpected ${counts.unexpectedEvents}, ` +
      `refused during failure ${counts.refusedDuringFailure}${counts.refusedBy ? ` (${counts.refusedBy})` : ''}, API recovered in ${counts.apiRecoverySeconds} s, ` +
      `longest delivery gap ${counts.deliveryGapSeconds} s${counts.notes ? `; ${counts.notes}` : ''}`,
  );
}
