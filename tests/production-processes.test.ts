// Issue 14 item 6: the production layout, proven with real processes against one
// database: `npm run web` (Next behind our HTTP server) and two `npm run worker`. Events
// accepted over HTTP by the web process are delivered once each, by whichever worker
// fetched them. CI also runs this file against Debian's PostgreSQL server (.ci/run).
import { describe, expect, it } from 'vitest';
import { db } from '../lib/db';
import { createWebhook } from '../lib/webhooks/create-webhook';
import { findFreePort } from '../scripts/support/free-port';
import { createKey, createOrganization } from './support/fixtures';
import { healthy, spawnNpm, userEnvironment, waitUntil, type Child } from './support/processes';
import { withReceiverAndProcesses } from './support/processes-and-receiver';

const receiver = withReceiverAndProcesses({ productionBuild: true });

describe('production processes against one database', () => {
  it('npm run web + two npm run worker: events accepted by the web process are delivered once each', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id, ['events:write']);
    receiver.reply('/production', () => ({ status: 200, delayMs: 20 }));
    for (let i = 0; i < 3; i += 1) {
      await createWebhook({ organizationId: organization.id, data: { url: receiver.url('/production'), events: ['*'] } });
    }
    // Creating a webhook queues a ping: count only the events below.
    const port = await findFreePort();
    const production = userEnvironment({
      NODE_ENV: 'production',
      DATABASE_URL: process.env.DATABASE_URL!,
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET!,
      NEXTAUTH_URL: `http://localhost:${port}`,
      TIDINGS_ENCRYPTION_KEY: process.env.TIDINGS_ENCRYPTION_KEY!,
      TIDINGS_ALLOW_HTTP: '1',
      TIDINGS_ALLOWED_NETWORKS: '127.0.0.0/8,::1/128',
      TIDINGS_LOG_LEVEL: 'warn',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
    });
    const web = spawnNpm('npm run web', ['run', 'web'], production);
    const workers: Child[] = [spawnNpm('npm run worker (1)', ['run', 'worker'], production), spawnNpm('npm run worker (2)', ['run', 'worker'], production)];
    await waitUntil(() => healthy(port), 120_000, 'npm run web to answer /api/health', () => web.output());
    // A request that gets no answer fails in 30 s with what the processes printed, not after
    // the HTTP client's 300 s.
    const send = async (what: string, url: string, init?: RequestInit): Promise<Response> => {
      try {
        return await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
      } catch (error) {
        throw new Error(`${what}: ${String(error)}\n--- web ---\n${web.output()}\n--- workers ---\n${workers.map((worker) => worker.output()).join('\n')}`);
      }
    };

    // API clients get API answers from the real server too (item 8).
    const unknown = await send('GET an unknown path', `http://127.0.0.1:${port}/api/v1/no-such-route`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('not_found');
    const wrongMethod = await send('DELETE /events', `http://127.0.0.1:${port}/api/v1/events`, { method: 'DELETE', headers: { authorization: `Bearer ${key}` } });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('OPTIONS, POST');
    expect((await wrongMethod.json()).error.code).toBe('method_not_allowed');

    const events = 200;
    const eventIds: string[] = [];
    for (let i = 0; i < events; i += 10) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, async (_, j) => {
          const response = await send(`POST /events ${i + j}`, `http://127.0.0.1:${port}/api/v1/events`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': `production-${i + j}` },
            body: JSON.stringify({ type: 'donation.created', data: { donation: { id: i + j, amount_in_cents: 1_000 } } }),
          });
          expect(response.status).toBe(202);
          return ((await response.json()) as { eventId: string }).eventId;
        }),
      );
      eventIds.push(...answers);
    }
    const deliveries = await db.delivery.findMany({ where: { eventId: { in: eventIds } }, select: { id: true } });
    expect(deliveries).toHaveLength(events * 3);

    const received = () => receiver.on('/production').filter((request) => JSON.parse(request.body).type === 'donation.created');
    await waitUntil(() => new Set(received().map((request) => request.headers['webhook-id'])).size >= events * 3, 120_000, `${events * 3} deliveries received`);
    await waitUntil(
      async () => (await db.delivery.count({ where: { eventId: { in: eventIds }, status: 'SUCCEEDED' } })) === events * 3,
      60_000,
      'every delivery recorded SUCCEEDED',
    );
    // Anything sent twice would have arrived by now.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const counts = new Map<string, number>();
    for (const request of received()) counts.set(String(request.headers['webhook-id']), (counts.get(String(request.headers['webhook-id'])) ?? 0) + 1);
    const twice = [...counts].filter(([, count]) => count > 1);
    console.log(`checked: ${events} events accepted over HTTP by npm run web; ${counts.size}/${events * 3} deliveries received by two npm run worker processes, ${twice.length} twice`);
    expect(new Set(deliveries.map((delivery) => delivery.id))).toEqual(new Set(counts.keys()));
    expect(twice).toEqual([]);
    expect(await db.attempt.count({ where: { delivery: { eventId: { in: eventIds } } } })).toBe(events * 3);

    for (const child of [web, ...workers]) child.kill('SIGTERM');
    for (const child of [web, ...workers]) expect((await child.exited).code, `${child.name}:\n${child.output()}`).toBe(0);
    for (const child of [web, ...workers]) child.kill('SIGKILL');
  }, 600_000);
});
