// Phase 1, the raw ceiling: signed POSTs straight to the same receiver, same concurrency, no database.
import { Pool } from 'undici';
import type { BenchReceiver } from './processes';
import { RAW_SECONDS } from './settings';

/** Signed POSTs per second the receiver takes with nothing else in the way. */
export async function measureRawCeiling(receiver: BenchReceiver): Promise<number> {
  const { signStandardWebhook, generateWebhookSecret } = await import('../lib/signing/standard-webhooks');
  console.log(`raw signed POST ceiling (${RAW_SECONDS} s)…`);
  const raw = new Pool(`http://127.0.0.1:${receiver.port}`, { connections: 64 });
  const secret = generateWebhookSecret();
  const body = JSON.stringify({ type: 'donation.created', data: { donation: { id: 1, amount_in_cents: 2500 } } });
  let rawCount = 0;
  const rawDeadline = Date.now() + RAW_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: 200 }, async () => {
      while (Date.now() < rawDeadline) {
        const id = `msg_${rawCount}`;
        const timestamp = Math.floor(Date.now() / 1000);
        const response = await raw.request({
          path: '/raw',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signStandardWebhook({ secrets: [secret], id, timestamp, body }) },
          body,
        });
        await response.body.dump();
        rawCount += 1;
      }
    }),
  );
  await raw.close();
  const rawPerSecond = rawCount / RAW_SECONDS;
  await receiver.ask('reset');
  return rawPerSecond;
}
