import { ZApiKeyRateLimit } from '../../lib/api-keys/api-key-schema';
import { createApiKey } from '../../lib/api-keys/create-api-key';
import { updateApiKey } from '../../lib/api-keys/update-api-key';
import { cliSource } from '../../lib/audit/audit-source';
import { recordUserAudit } from '../../lib/audit/record-user-audit';
import { withTransaction } from '../../lib/db-transaction';
import { isScope, type Role, type Scope } from '../../lib/auth/scopes';
import { createUser } from '../../lib/auth/create-user';
import { seedDemoData } from '../../lib/demo/seed-demo-data';
import { db } from '../../lib/db';
import { AppError } from '../../lib/errors';
import type { Env } from '../../lib/env';

type Values = Record<string, string | boolean | undefined>;

function option(values: Values, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new Error(`Missing --${name}`);
  return value.trim();
}

/** --rate-limit: a whole number of requests a minute, or "default" (null) for TIDINGS_API_KEY_RATE_LIMIT. */
function rateLimitOption(values: Values): number | null | undefined {
  const raw = values['rate-limit'];
  if (raw === undefined) return undefined;
  if (raw === 'default') return null;
  const parsed = ZApiKeyRateLimit.safeParse(typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : NaN);
  if (!parsed.success) throw new Error(`--rate-limit: ${parsed.error.issues[0]?.message ?? 'a whole number of requests a minute'} (or "default")`);
  return parsed.data;
}

async function findOrganization(slug: string) {
  const organization = await db.organization.findUnique({ where: { slug }, select: { id: true, name: true } });
  if (!organization) throw new Error(`No organization with slug "${slug}"`);
  return organization;
}

export async function runCommand(command: string, values: Values, env: Env): Promise<void> {
  if (command === 'seed') {
    const result = await seedDemoData({
      adminEmail: env.TIDINGS_ADMIN_EMAIL,
      adminPassword: env.TIDINGS_ADMIN_PASSWORD,
      baseUrl: `http://localhost:${env.PORT}`,
    });
    if (!result.seeded) {
      console.log('The database already has data; nothing seeded.');
      return;
    }
    console.log(`Seeded organization "${result.organizationSlug}" with admin ${result.adminEmail}.`);
    if (result.generatedPassword) console.log(`Admin password (shown once): ${result.generatedPassword}`);
    return;
  }

  if (command === 'api-key create') {
    const organization = await findOrganization(option(values, 'org'));
    const requested = option(values, 'scopes').split(',').map((scope) => scope.trim()).filter(Boolean);
    const unknown = requested.filter((scope) => !isScope(scope));
    if (unknown.length > 0) throw new Error(`Unknown scopes: ${unknown.join(', ')}`);
    const name = typeof values.name === 'string' && values.name.trim() ? values.name.trim() : 'CLI key';
    const rateLimitPerMinute = rateLimitOption(values);
    const { apiKey, token } = await createApiKey({ organizationId: organization.id, name, scopes: requested as Scope[], rateLimitPerMinute, audit: cliSource('npm run tidings -- api-key create') });
    console.log(
      `Created API key ${apiKey.id} "${apiKey.name}" for ${organization.name} with scopes ${apiKey.scopes.join(', ')}` +
        `, ${(apiKey.rateLimitPerMinute ?? env.TIDINGS_API_KEY_RATE_LIMIT).toLocaleString('en-US')} requests a minute.`,
    );
    console.log('Store it now: it will not be shown again.');
    console.log(token);
    return;
  }

  if (command === 'api-key rate-limit') {
    const wanted = option(values, 'key');
    const rateLimitPerMinute = rateLimitOption(values);
    if (rateLimitPerMinute === undefined) throw new Error('Missing --rate-limit (requests a minute, or "default")');
    const found = await db.apiKey.findMany({ where: { OR: [{ id: wanted }, { prefix: wanted }] }, select: { id: true, organizationId: true, name: true } });
    if (found.length === 0) throw new Error(`No API key with id or prefix "${wanted}"`);
    if (found.length > 1) throw new Error(`${found.length} keys have the prefix "${wanted}": give the key's id`);
    await updateApiKey({ organizationId: found[0].organizationId, apiKeyId: found[0].id, rateLimitPerMinute, audit: cliSource('npm run tidings -- api-key rate-limit') });
    console.log(`API key ${found[0].id} "${found[0].name}" may now send ${(rateLimitPerMinute ?? env.TIDINGS_API_KEY_RATE_LIMIT).toLocaleString('en-US')} requests a minute${rateLimitPerMinute === null ? ' (the default)' : ''}.`);
    return;
  }

  if (command === 'simulate') {
    const rate = Number(values.rate ?? 5);
    const seconds = Number(values.for ?? 60);
    if (!(rate > 0 && rate <= 1000)) throw new Error('--rate is events per second, 0 < rate ≤ 1000');
    if (!(seconds > 0)) throw new Error('--for is a number of seconds');
    const { simulateTraffic } = await import('../../lib/demo/simulate-traffic');
    const abort = new AbortController();
    process.once('SIGINT', () => abort.abort());
    console.log(`Simulating ${rate} events/s for ${seconds} s into "${option(values, 'org')}" (Ctrl-C stops)…`);
    const result = await simulateTraffic({ organizationSlug: option(values, 'org'), ratePerSecond: rate, durationSeconds: seconds, signal: abort.signal });
    console.log(`Emitted ${result.emitted} events, ${result.deliveries} deliveries.`);
    return;
  }

  if (command === 'user revoke-sessions') {
    const email = option(values, 'email').toLowerCase();
    const updated = await withTransaction(async (client) => {
      const { rows } = await client.query<{ id: string }>(`update "User" set "sessionVersion" = "sessionVersion" + 1 where email = $1 returning id`, [email]);
      if (rows[0]) await recordUserAudit(client, rows[0].id, { source: cliSource('npm run tidings -- user revoke-sessions'), action: 'user.sessions_revoked', target: { type: 'user', id: rows[0].id } });
      return rows.length;
    });
    if (updated === 0) throw new Error(`No user ${email}`);
    console.log(`Every session of ${email} is revoked.`);
    return;
  }

  if (command === 'user list') {
    const organization = await findOrganization(option(values, 'org'));
    const { listMembers } = await import('../../lib/team/members');
    const { data } = await listMembers({ organizationId: organization.id });
    console.log(`${data.length} member(s) of ${organization.name}:`);
    for (const member of data) {
      const lastSignIn = member.lastSignInAt ? new Date(member.lastSignInAt * 1000).toISOString() : 'never signed in';
      console.log(`${member.email}\t${member.role}\t${member.name ?? ''}\t${lastSignIn}`);
    }
    return;
  }

  if (command === 'user invite') {
    const organization = await findOrganization(option(values, 'org'));
    const role = option(values, 'role');
    const { ZInviteMember } = await import('../../lib/team/team-schema');
    const parsed = ZInviteMember.safeParse({ email: option(values, 'email'), role });
    if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => issue.message).join('; '));
    const { createInvitation } = await import('../../lib/team/invitations');
    // The operator acts as an owner; the link points at the public address when NEXTAUTH_URL is set.
    const created = await createInvitation({
      manager: { userId: null, role: 'owner', organizationId: organization.id },
      email: parsed.data.email,
      role: parsed.data.role,
      baseUrl: env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`,
      audit: cliSource('npm run tidings -- user invite'),
    });
    console.log(`Invited ${created.invitation.email} as ${created.invitation.role} of ${organization.name}; the link works once and expires ${new Date((created.invitation.expiresAt ?? 0) * 1000).toISOString()}.`);
    console.log(
      created.emailed
        ? 'An email with a link of its own (which confirms their address) was sent too; an account made through the link below stays unconfirmed until then.'
        : 'No email was sent (TIDINGS_SMTP_URL is not set): give them this link; an account made through it belongs to this organization only until its address is confirmed.',
    );
    console.log(created.url);
    return;
  }

  if (command === 'org create') {
    const parent = await findOrganization(option(values, 'parent'));
    const { ZCreateSubOrganization } = await import('../../lib/organizations/organization-schema');
    const parsed = ZCreateSubOrganization.safeParse({ name: option(values, 'name'), slug: option(values, 'slug') });
    if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => issue.message).join('; '));
    const { createSubOrganization } = await import('../../lib/organizations/sub-organizations');
    const created = await createSubOrganization({ organizationId: parent.id, name: parsed.data.name, slug: parsed.data.slug, audit: cliSource('npm run tidings -- org create') });
    console.log(`Created ${created.name} (${created.slug}, ${created.organizationId}) under ${parent.name}.`);
    return;
  }

  if (command === 'user create') {
    const organization = await findOrganization(option(values, 'org'));
    const role = option(values, 'role');
    if (!['owner', 'admin', 'viewer'].includes(role)) throw new Error('--role is owner, admin or viewer');
    const resetPassword = values['reset-password'] === true;
    const user = await createUser({
      organizationId: organization.id,
      email: option(values, 'email'),
      password: option(values, 'password'),
      role: role as Role,
      resetPassword,
      audit: cliSource(`npm run tidings -- user create${resetPassword ? ' --reset-password' : ''}`),
    }).catch((error: unknown) => {
      // Never a role for an account whose password someone else chose, unless the operator says so.
      if (error instanceof AppError && error.code === 'account_exists') {
        throw new Error(`${error.message}. Nothing was changed. To give it this password (ending its sessions) and the role, run the same command with --reset-password; to add it to the organization without that, invite the address (user invite).`);
      }
      throw error;
    });
    console.log(resetPassword ? `User ${user.email} is ${role} of ${organization.name}, with the password given (every earlier session ended).` : `User ${user.email} is ${role} of ${organization.name}.`);
  }
}
