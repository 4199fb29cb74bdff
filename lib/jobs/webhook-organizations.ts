import 'server-only';
import { pool } from '../db';

// Raw pg on the worker's hot path: one indexed lookup per batch, only for webhooks the
// worker has not seen before. A webhook never changes organization, so an answer is good
// for the life of the process; the cache is dropped whole when it grows past its bound.
const MAX_CACHED = 100_000;

/** Which organization owns each webhook, for the worker's per-organization cap. */
export class WebhookOrganizations {
  private readonly owners = new Map<string, string>();
  private readonly webhooksByOrganization = new Map<string, Set<string>>();

  organizationOf(webhookId: string): string | undefined {
    return this.owners.get(webhookId);
  }

  /** The webhooks of this organization that this worker has seen. */
  webhooksOf(organizationId: string): ReadonlySet<string> {
    return this.webhooksByOrganization.get(organizationId) ?? new Set();
  }

  /** Looks up the owners of the webhooks not cached yet; deleted webhooks stay unknown. */
  async load(webhookIds: Iterable<string>): Promise<void> {
    const missing = [...new Set(webhookIds)].filter((id) => !this.owners.has(id));
    if (missing.length === 0) return;
    const { rows } = await pool().query<{ id: string; organizationId: string }>(
      `select id, "organizationId" from "Webhook" where id = any($1::text[])`,
      [missing],
    );
    if (this.owners.size + rows.length > MAX_CACHED) {
      this.owners.clear();
      this.webhooksByOrganization.clear();
    }
    for (const row of rows) {
      this.owners.set(row.id, row.organizationId);
      let webhooks = this.webhooksByOrganization.get(row.organizationId);
      if (!webhooks) {
        webhooks = new Set();
        this.webhooksByOrganization.set(row.organizationId, webhooks);
      }
      webhooks.add(row.id);
    }
  }
}
