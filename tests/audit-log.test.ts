import { describe, expect, it, vi } from 'vitest';
import * as auditLogRoute from '../app/api/v1/audit-log/route';
import * as webhookRoute from '../app/api/v1/webhooks/[id]/route';
import * as rotateRoute from '../app/api/v1/webhooks/[id]/rotate-secret/route';
import * as webhooksRoute from '../app/api/v1/webhooks/route';
import * as apiKeysRoute from '../app/api/v1/api-keys/route';
import * as sharedTokenRoute from '../app/api/v1/organization/shared-token/route';
import { OPERATIONS } from '../app/api/v1/operations';
import { pruneAuditLog } from '../lib/audit/prune-audit-log';
import { MASK } from '../lib/audit/mask-secrets';
import { authenticateWithPassword } from '../lib/auth/auth-options';
import { startConsoleSession } from '../lib/auth/console-sessions';
import { createUser } from '../lib/auth/create-user';
import { db, pool } from '../lib/db';
import { getEventType } from '../lib/events/catalog/definitions';
import { emitEvent } from '../lib/events/emit';
import { stampClientAddress } from '../lib/http/client-address';
import { createId } from '../lib/ids';
import type { Operation } from '../lib/http/openapi';
import { idFloorAt } from '../lib/stats/id-floor';
import { createWebhook } from '../lib/webhooks/create-webhook';
import type { Scope } from '../lib/auth/scopes';
import { createSubOrganization } from '../lib/organizations/sub-organizations';
import { createPortalLink } from '../lib/portal/manage-portal-links';
import { createInvitation } from '../lib/team/invitations';
import { call, createKey, createOrganization } from './support/fixtures';
import { handlerFor, idKind, isStateChanging, label, pathParams, validBody } from './support/operation-calls';

// The audit log's contract (issue 18 item 3, docs/security-model.md#audit-log): every change
// through the console, an API key or the CLI is one append-only row with actor, action,
// target, changed fields (secrets masked) and address, written in the same transaction as
// the change; GET /audit-log (audit:read, owners and admins) reads one organization's rows.

// The console-only routes need a session: a real user's, as next-auth would resolve it.
const session = vi.hoisted(() => ({ current: null as null | { uid: string; sv: number; sid: string } }));
vi.mock('next-auth', async (importOriginal) => ({ ...(await importOriginal<Record<string, unknown>>()), getServerSession: async () => session.current }));

const CONSOLE = { host: 'localhost', origin: 'http://localhost' };

/**
 * Mutating operations that write no audit row, and why. POST /events is the data plane,
 * not a change to configuration: each call is already its own record (the Event row and
 * its deliveries), and a second row per event would double the write cost of ingestion.
 */
const NOT_AUDITED: Record<string, string> = {
  'POST /events': 'the data plane: the event itself is the record',
  'POST /events/batch': 'the data plane, as POST /events: each event itself is the record',
  'POST /invitations/lookup': 'reads an invitation by its token; changes nothing',
};

async function auditRows(organizationId: string) {
  return db.auditEntry.findMany({ where: { organizationId }, orderBy: { id: 'asc' } });
}

async function signIn(organizationId: string, role: 'owner' | 'admin' | 'viewer' = 'admin') {
  const user = await createUser({ organizationId, email: `${role}-${createId('usr').slice(-10)}@example.com`, password: 'correct horse battery', role });
  session.current = { uid: user.id, sv: 1, sid: await startConsoleSession({ userId: user.id }) };
  return user;
}

/** A fresh organization holding what an operation's path can name. */
async function arrange(operation: Operation) {
  const organization = await createOrganization();
  const key = await createKey(organization.id);
  const keyRow = await db.apiKey.findFirstOrThrow({ where: { organizationId: organization.id } });
  // An owner: console-only routes that need more than an admin still succeed.
  const user = await signIn(organization.id, 'owner');
  const kind = idKind(operation);
  let id = 'none';
  if (kind === 'webhook' || kind === 'delivery') {
    const { row } = await createWebhook({ organizationId: organization.id, data: { url: 'https://example.com/hook', events: ['*'] } });
    id = row.id;
    if (kind === 'delivery') {
      await emitEvent({ organizationId: organization.id, type: 'person.created', data: getEventType('person.created')!.sample() });
      id = (await db.delivery.findFirstOrThrow({ where: { webhookId: row.id } })).id;
    }
  } else if (kind === 'inbox') {
    id = (await db.inbox.create({ data: { id: createId('inbox'), organizationId: organization.id, name: 'box', token: createId('req') } })).id;
  } else if (kind === 'apiKey') {
    const other = await createKey(organization.id, ['webhooks:read']);
    id = (await db.apiKey.findFirstOrThrow({ where: { organizationId: organization.id, id: { not: keyRow.id } } })).id;
    void other;
  } else if (kind === 'eventType') {
    id = 'donation.created';
  } else if (kind === 'member') {
    const member = await createUser({ organizationId: organization.id, email: `member-${createId('usr').slice(-10)}@example.com`, password: 'correct horse battery', role: 'admin' });
    id = (await db.membership.findFirstOrThrow({ where: { organizationId: organization.id, userId: member.id } })).id;
  } else if (kind === 'invitation') {
    id = (await createInvitation({ manager: { userId: user.id, role: 'owner', organizationId: organization.id }, email: `invitee-${createId('inv').slice(-10)}@example.com`, role: 'viewer', baseUrl: 'https://tidings.example' })).invitation.id;
  } else if (kind === 'organization') {
    id = (await createSubOrganization({ organizationId: organization.id, name: 'A chapter', slug: `chapter-${createId('org').slice(-10)}` })).organizationId;
  }
  let params = pathParams(operation, id);
  let body = validBody(operation, { webhookUrl: 'https://example.com/hook' });
  if (operation.path === '/webhooks/{id}/portal-links/{linkId}') {
    const link = await createPortalLink({ organizationId: organization.id, webhookId: id, data: { expiresInHours: 1, allowResend: false }, scopes: keyRow.scopes as Scope[], createdBy: 'test', origin: 'https://tidings.example' });
    params = { id, linkId: link.id };
  }
  if (operation.path === '/invitations/accept') {
    const { url } = await createInvitation({ manager: { userId: user.id, role: 'owner', organizationId: organization.id }, email: `joiner-${createId('inv').slice(-10)}@example.com`, role: 'viewer', baseUrl: 'https://tidings.example' });
    body = { token: url.split('#')[1], name: 'Joiner', password: 'a long enough password' };
  }
  return { organization, key, keyRow, user, id, params, body };
}

describe('audit log: every mutating operation of the API writes exactly one row', () => {
  it('driven by the OpenAPI registry: one row per successful change, naming the caller', async () => {
    const problems: string[] = [];
    for (const operation of OPERATIONS.filter(isStateChanging)) {
      const name = label(operation);
      if (NOT_AUDITED[name]) continue;
      try {
        const { organization, key, keyRow, user, params, body } = await arrange(operation);
        const asConsole = operation.auth === 'session';
        const handler = await handlerFor(operation);
        const before = (await auditRows(organization.id)).length;
        const response = await call(handler, {
          method: operation.method.toUpperCase(),
          path: `/api/v1${operation.path}`,
          ...(asConsole ? { headers: CONSOLE } : { key }),
          params,
          body,
        });
        if (response.status >= 300) {
          problems.push(`${name}: answered ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
          continue;
        }
        const rows = (await auditRows(organization.id)).slice(before);
        if (rows.length !== 1) {
          problems.push(`${name}: wrote ${rows.length} audit rows, not 1 (${rows.length === 0 ? 'not audited: pass audit: auditSource(caller, request) to its lib function and call recordAudit in its transaction' : rows.map((row) => row.action).join(', ')})`);
          continue;
        }
        const [row] = rows;
        const expectedActor = asConsole ? { actorType: 'user', actorId: user.id } : { actorType: 'apiKey', actorId: keyRow.id };
        // A public operation's actor is whoever it makes: the person accepting an invitation.
        if (operation.auth === null) {
          if (row.actorType !== 'user' || !row.actorId || row.actorId === user.id) problems.push(`${name}: actor ${row.actorType} ${row.actorId} (the caller is ${user.id})`);
        } else if (row.actorType !== expectedActor.actorType || row.actorId !== expectedActor.actorId) problems.push(`${name}: actor ${row.actorType} ${row.actorId}`);
        if (!/^[a-z_]+\.[a-z_]+$/.test(row.action)) problems.push(`${name}: action "${row.action}"`);
        if (!row.targetType) problems.push(`${name}: no target`);
      } catch (error) {
        // A route the fixtures cannot call yet (operation-calls.ts has no body or id for it).
        problems.push(`${name}: ${(error as Error).message}`);
      }
    }
    expect(problems, 'Mutating operations that do not write exactly one audit row').toEqual([]);
  });

  it('a refused change writes no row', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    expect((await call(webhooksRoute.POST, { method: 'POST', key, body: { url: 'not a url', events: ['*'] } })).status).toBe(400);
    expect((await call(webhookRoute.PATCH, { method: 'PATCH', key, params: { id: 'wh_nosuch' }, body: { name: 'x' } })).status).toBe(404);
    const readOnly = await createKey(organization.id, ['webhooks:read']);
    expect((await call(webhooksRoute.POST, { method: 'POST', key: readOnly, body: { url: 'https://example.com/x', events: ['*'] } })).status).toBe(403);
    expect(await auditRows(organization.id)).toEqual([]);
  });

  it('the row is in the same transaction as the change: when it cannot be written, the change is undone', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    const created = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: 'https://example.com/hook', events: ['*'], name: 'before' } });
    expect(created.status).toBe(201);
    const webhookId = created.body.webhookId as string;
    // Every audit insert fails from now on (a constraint no new row satisfies).
    await pool().query(`alter table "AuditEntry" add constraint "audit_refuses_for_test" check (false) not valid`);
    try {
      expect((await call(webhookRoute.PATCH, { method: 'PATCH', key, params: { id: webhookId }, body: { name: 'after' } })).status).toBe(500);
      expect((await call(rotateRoute.POST, { method: 'POST', key, params: { id: webhookId } })).status).toBe(500);
      expect((await call(webhookRoute.DELETE, { method: 'DELETE', key, params: { id: webhookId } })).status).toBe(500);
      expect((await call(webhooksRoute.POST, { method: 'POST', key, body: { url: 'https://example.com/second', events: ['*'] } })).status).toBe(500);
    } finally {
      await pool().query(`alter table "AuditEntry" drop constraint "audit_refuses_for_test"`);
    }
    const webhook = await db.webhook.findUniqueOrThrow({ where: { id: webhookId } });
    expect(webhook.name).toBe('before');
    expect(webhook.previousSecretEncrypted).toBeNull();
    expect(await db.webhook.count({ where: { organizationId: organization.id } })).toBe(1);
    expect((await auditRows(organization.id)).map((row) => row.action)).toEqual(['webhook.created']);
  });
});

describe('audit log: what a row says', () => {
  it('an update records before and after of the changed fields only; pause and resume are their own actions', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    const created = await call(webhooksRoute.POST, { method: 'POST', key, body: { url: 'https://example.com/hook', events: ['*'], name: 'first name', timeoutSeconds: 10 } });
    const id = created.body.webhookId as string;
    await call(webhookRoute.PATCH, { method: 'PATCH', key, params: { id }, body: { name: 'second name', timeoutSeconds: 10 } });
    await call(webhookRoute.PATCH, { method: 'PATCH', key, params: { id }, body: { status: 'PAUSED' } });
    await call(webhookRoute.PATCH, { method: 'PATCH', key, params: { id }, body: { status: 'ACTIVE' } });
    await call(webhookRoute.DELETE, { method: 'DELETE', key, params: { id } });
    const rows = await auditRows(organization.id);
    expect(rows.map((row) => row.action)).toEqual(['webhook.created', 'webhook.updated', 'webhook.paused', 'webhook.resumed', 'webhook.deleted']);
    expect(rows[1].changes).toEqual({ name: { before: 'first name', after: 'second name' } });
    expect(rows[2].changes).toEqual({ status: { before: 'ACTIVE', after: 'PAUSED' } });
    expect(rows.every((row) => row.targetType === 'webhook' && row.targetId === id)).toBe(true);
    expect((rows[4].changes as Record<string, unknown>).url).toBe('https://example.com/hook');
  });

  it('secrets are masked: signing secrets, API tokens, custom header values, API keys, shared tokens, passwords', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    const secrets: string[] = [key];
    const created = await call(webhooksRoute.POST, {
      method: 'POST',
      key,
      body: { url: 'https://example.com/hook', events: ['*'], apiToken: 'api-token-kept-out-of-audit', customHeaders: { 'X-Receiver-Key': 'header-value-kept-out-of-audit' } },
    });
    expect(created.status).toBe(201);
    secrets.push(created.body.secret, 'api-token-kept-out-of-audit', 'header-value-kept-out-of-audit');
    const id = created.body.webhookId as string;
    const rotated = await call(rotateRoute.POST, { method: 'POST', key, params: { id } });
    secrets.push(rotated.body.secret);
    await call(webhookRoute.PATCH, { method: 'PATCH', key, params: { id }, body: { apiToken: 'second-api-token-kept-out', customHeaders: { 'X-Receiver-Key': 'second-header-value-kept-out' } } });
    secrets.push('second-api-token-kept-out', 'second-header-value-kept-out');
    expect((await call(sharedTokenRoute.PUT, { method: 'PUT', key, body: { token: 'shared-token-kept-out-of-audit' } })).status).toBe(204);
    secrets.push('shared-token-kept-out-of-audit');
    const generated = await call(sharedTokenRoute.POST, { method: 'POST', key });
    secrets.push(generated.body.token);
    await signIn(organization.id);
    const minted = await call(apiKeysRoute.POST, { method: 'POST', headers: CONSOLE, body: { name: 'minted', scopes: ['webhooks:read'] } });
    expect(minted.status).toBe(201);
    secrets.push(minted.body.key);
    await createUser({ organizationId: organization.id, email: 'cli-made@example.com', password: 'password-kept-out-of-audit', role: 'viewer', audit: { actor: { type: 'cli', label: 'test' }, address: null } });
    secrets.push('password-kept-out-of-audit');

    const { rows } = await pool().query<{ text: string }>(`select row_to_json(a)::text as text from "AuditEntry" a where "organizationId" = $1`, [organization.id]);
    expect(rows.length).toBe(7);
    const everything = rows.map((row) => row.text).join('\n');
    for (const secret of secrets) expect(everything.includes(secret), `a secret in the audit log: ${secret.slice(0, 12)}…`).toBe(false);
    const patch = await db.auditEntry.findFirstOrThrow({ where: { organizationId: organization.id, action: 'webhook.updated' } });
    expect(patch.changes).toEqual({ apiToken: { before: MASK, after: MASK }, customHeaders: { before: { 'X-Receiver-Key': MASK }, after: { 'X-Receiver-Key': MASK } } });
    const rotation = await db.auditEntry.findFirstOrThrow({ where: { organizationId: organization.id, action: 'webhook.secret_rotated' } });
    expect((rotation.changes as Record<string, unknown>).secret).toEqual({ before: MASK, after: MASK });
  });

  it('sign-ins and failed sign-ins are recorded with the address our web server vouched for', async () => {
    const organization = await createOrganization();
    await createUser({ organizationId: organization.id, email: 'signs-in@example.com', password: 'the right password', role: 'admin' });
    const headers = stampClientAddress('203.0.113.9', process.env.NEXTAUTH_SECRET!);
    expect(await authenticateWithPassword({ email: 'signs-in@example.com', password: 'a wrong password' }, headers)).toBeNull();
    const user = await authenticateWithPassword({ email: 'signs-in@example.com', password: 'the right password' }, headers);
    expect(user).not.toBeNull();
    // What next-auth's jwt callback does with the authorized user.
    const { authOptions } = await import('../lib/auth/auth-options');
    await authOptions().callbacks!.jwt!({ token: {}, user: user as never, account: null, trigger: 'signIn' } as never);
    const rows = await auditRows(organization.id);
    expect(rows.map((row) => [row.action, row.actorType, row.actorLabel, row.address])).toEqual([
      ['user.sign_in_failed', 'user', 'signs-in@example.com', '203.0.113.9'],
      ['user.signed_in', 'user', 'signs-in@example.com', '203.0.113.9'],
    ]);
    // An email nobody has: on record, in no organization.
    expect(await authenticateWithPassword({ email: 'nobody-here@example.com', password: 'whatever' }, headers)).toBeNull();
    const orphan = await db.auditEntry.findFirstOrThrow({ where: { organizationId: null, actorLabel: 'nobody-here@example.com' } });
    expect(orphan.action).toBe('user.sign_in_failed');
  });
});

describe('audit log: GET /audit-log', () => {
  it('needs audit:read: a key without it gets 403, a viewer too; owners and admins read', async () => {
    const organization = await createOrganization();
    const withoutScope = await createKey(organization.id, ['webhooks:read', 'webhooks:write', 'deliveries:read']);
    const denied = await call(auditLogRoute.GET, { key: withoutScope });
    expect(denied.status).toBe(403);
    expect(denied.body.error.missingScopes).toEqual(['audit:read']);
    await signIn(organization.id, 'viewer');
    expect((await call(auditLogRoute.GET, { headers: CONSOLE })).status).toBe(403);
    await signIn(organization.id, 'admin');
    expect((await call(auditLogRoute.GET, { headers: CONSOLE })).status).toBe(200);
    await signIn(organization.id, 'owner');
    expect((await call(auditLogRoute.GET, { headers: CONSOLE })).status).toBe(200);
    expect((await call(auditLogRoute.GET, { key: await createKey(organization.id, ['audit:read']) })).status).toBe(200);
  });

  it("another organization's rows are invisible, even by their target id", async () => {
    const mine = await createOrganization();
    const theirs = await createOrganization();
    const theirKey = await createKey(theirs.id);
    const created = await call(webhooksRoute.POST, { method: 'POST', key: theirKey, body: { url: 'https://example.com/theirs', events: ['*'] } });
    const reader = await createKey(mine.id, ['audit:read']);
    expect((await call(auditLogRoute.GET, { key: reader })).body.data).toEqual([]);
    expect((await call(auditLogRoute.GET, { key: reader, path: `/api/v1/audit-log?target=${created.body.webhookId}` })).body.data).toEqual([]);
    expect((await call(auditLogRoute.GET, { key: await createKey(theirs.id, ['audit:read']) })).body.data).toHaveLength(1);
  });

  it('filters by actor, target, action (exact or group.*) and time; pages by cursor', async () => {
    const organization = await createOrganization();
    const keyA = await createKey(organization.id);
    const keyB = await createKey(organization.id);
    const keyBRow = (await db.apiKey.findMany({ where: { organizationId: organization.id }, orderBy: { id: 'asc' } }))[1];
    const first = await call(webhooksRoute.POST, { method: 'POST', key: keyA, body: { url: 'https://example.com/a', events: ['*'] } });
    const second = await call(webhooksRoute.POST, { method: 'POST', key: keyB, body: { url: 'https://example.com/b', events: ['*'] } });
    await call(webhookRoute.PATCH, { method: 'PATCH', key: keyB, params: { id: first.body.webhookId }, body: { name: 'renamed' } });
    await call(rotateRoute.POST, { method: 'POST', key: keyA, params: { id: second.body.webhookId } });
    const reader = await createKey(organization.id, ['audit:read']);
    const get = async (query: string) => (await call(auditLogRoute.GET, { key: reader, path: `/api/v1/audit-log?${query}` })).body;
    const actions = (body: { data: { action: string }[] }) => body.data.map((row) => row.action);

    expect(actions(await get(''))).toEqual(['webhook.secret_rotated', 'webhook.updated', 'webhook.created', 'webhook.created']);
    expect(actions(await get(`actor=${keyBRow.id}`))).toEqual(['webhook.updated', 'webhook.created']);
    expect(actions(await get(`target=${first.body.webhookId}`))).toEqual(['webhook.updated', 'webhook.created']);
    expect(actions(await get('action=webhook.created'))).toHaveLength(2);
    expect(actions(await get('action=webhook.*'))).toHaveLength(4);
    expect(actions(await get('targetType=api_key'))).toEqual([]);
    expect(actions(await get(`until=${Math.floor(Date.now() / 1000) - 3600}`))).toEqual([]);
    expect(actions(await get(`since=${new Date(Date.now() - 60_000).toISOString()}`))).toHaveLength(4);

    const page1 = await get('limit=3');
    expect(page1.data).toHaveLength(3);
    const page2 = await get(`limit=3&cursor=${page1.nextCursor}`);
    expect(actions(page2)).toEqual(['webhook.created']);
    expect(page2.nextCursor).toBeNull();
    const row = page1.data[0];
    expect(row).toMatchObject({ actor: { type: 'apiKey' }, target: { type: 'webhook', id: second.body.webhookId }, address: null });
    expect(typeof row.createdAt).toBe('number');

    expect((await call(auditLogRoute.GET, { key: reader, path: '/api/v1/audit-log?action=DROP%20TABLE' })).status).toBe(400);
    expect((await call(auditLogRoute.GET, { key: reader, path: '/api/v1/audit-log?since=yesterday' })).status).toBe(400);
  });
});

describe('audit log: append-only and retention', () => {
  it('the database refuses UPDATE, DELETE and TRUNCATE of audit rows', async () => {
    const organization = await createOrganization();
    const key = await createKey(organization.id);
    await call(webhooksRoute.POST, { method: 'POST', key, body: { url: 'https://example.com/a', events: ['*'] } });
    await expect(pool().query(`update "AuditEntry" set action = 'webhook.nothing' where "organizationId" = $1`, [organization.id])).rejects.toThrow(/append-only/);
    await expect(pool().query(`delete from "AuditEntry" where "organizationId" = $1`, [organization.id])).rejects.toThrow(/append-only/);
    await expect(pool().query(`truncate "AuditEntry"`)).rejects.toThrow(/append-only/);
    await expect(db.auditEntry.deleteMany({ where: { organizationId: organization.id } })).rejects.toThrow();
    expect(await auditRows(organization.id)).toHaveLength(1);
  });

  it('TIDINGS_AUDIT_RETENTION_DAYS: rows older than the retention are pruned, newer ones kept', async () => {
    const organization = await createOrganization();
    const old = new Date(Date.now() - 400 * 86_400_000);
    const recent = new Date(Date.now() - 300 * 86_400_000);
    for (const [at, action] of [[old, 'webhook.created'], [recent, 'webhook.updated']] as const) {
      await pool().query(
        `insert into "AuditEntry" (id, "organizationId", "actorType", action, "targetType", "createdAt") values ($1, $2, 'cli', $3, 'webhook', $4)`,
        [`${idFloorAt('aud', at)}${'0'.repeat(16)}`, organization.id, action, at.toISOString()],
      );
    }
    expect(await pruneAuditLog({ retentionDays: 365 })).toEqual({ auditEntries: 1 });
    expect((await auditRows(organization.id)).map((row) => row.action)).toEqual(['webhook.updated']);
  });
});
