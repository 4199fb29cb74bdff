import { describe, expect, it } from 'vitest';
import * as rotateRoute from '../../app/api/v1/webhooks/[id]/rotate-secret/route';
import * as webhookRoute from '../../app/api/v1/webhooks/[id]/route';
import * as webhooksRoute from '../../app/api/v1/webhooks/route';
import { decryptSecret } from '../../lib/crypto/secret-box';
import { db } from '../../lib/db';
import { errorShapeProblem } from '../support/operation-calls';
import { call, createKey, createOrganization } from '../support/fixtures';

// The same change sent twice at once (a double click, a retrying client): every answer is
// the one a moment later would give (204 then 404), never a 500, and nothing is lost.

async function newWebhook(key: string): Promise<string> {
  const created = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: 'https://example.com/race', events: ['*'] } });
  expect(created.status).toBe(201);
  return created.body.webhookId;
}

describe('concurrent changes to one webhook', () => {
  it('two DELETEs, a PATCH and a rotation at once: one 204, the rest 200 or 404, never 5xx', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    const seen = new Map<string, number>();
    for (let round = 0; round < 8; round += 1) {
      const id = await newWebhook(key);
      const answers = await Promise.all([
        call(webhookRoute.DELETE, { method: 'DELETE', key, params: { id } }),
        call(webhookRoute.DELETE, { method: 'DELETE', key, params: { id } }),
        call(webhookRoute.PATCH, { method: 'PATCH', key, params: { id }, body: { name: 'renamed in a race' } }),
        call(rotateRoute.POST, { method: 'POST', key, params: { id } }),
      ]);
      const [first, second, patch, rotate] = answers;
      expect([first.status, second.status].sort(), `round ${round}`).toEqual([204, 404]);
      expect([200, 404]).toContain(patch.status);
      expect([200, 404]).toContain(rotate.status);
      for (const answer of answers) {
        if (answer.status >= 400) expect(errorShapeProblem(answer.status, answer.body)).toBeNull();
        const name = `${answer.status}${answer.body?.error ? ` ${answer.body.error.code}` : ''}`;
        seen.set(name, (seen.get(name) ?? 0) + 1);
      }
      expect(await db.webhook.count({ where: { id } })).toBe(0);
    }
    console.log(`8 rounds of DELETE ×2 + PATCH + rotate-secret at once → ${[...seen].map(([name, count]) => `${name} ×${count}`).join(', ')}; the webhook is gone each time`);
  });

  it('two rotations at once chain: the later secret signs, the earlier one stays the previous secret', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    for (let round = 0; round < 6; round += 1) {
      const id = await newWebhook(key);
      const [one, two] = await Promise.all([
        call(rotateRoute.POST, { method: 'POST', key, params: { id } }),
        call(rotateRoute.POST, { method: 'POST', key, params: { id } }),
      ]);
      expect([one.status, two.status]).toEqual([200, 200]);
      const row = await db.webhook.findUniqueOrThrow({ where: { id } });
      const kept = [decryptSecret(row.secretEncrypted), decryptSecret(row.previousSecretEncrypted!)].sort();
      // Both new secrets were handed out as "the secret": both must still verify for 24 h.
      expect(kept, `round ${round}`).toEqual([one.body.secret, two.body.secret].sort());
    }
    console.log('6 rounds of two concurrent rotations: both returned secrets are the current and the previous one (none lost)');
  });
});
