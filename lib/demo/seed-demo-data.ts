import 'server-only';
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../auth/password';
import { encryptSecret } from '../crypto/secret-box';
import { db } from '../db';
import { env } from '../env';
import { createId } from '../ids';
import { createWebhook } from '../webhooks/create-webhook';
import { sendPing } from '../webhooks/send-test-event';
import { recordDemoHistory, type DemoHistoryResult } from './record-demo-history';

export const DEMO_FORMS = [
  { externalId: 'wc-1001', name: 'Spring Gala 2027 Registration', status: 'published' },
  { externalId: 'wc-1002', name: 'General Donation Page', status: 'published' },
  { externalId: 'wc-1003', name: 'Monthly Giving', status: 'published' },
  { externalId: 'wc-1004', name: 'Youth Camp Registration', status: 'published' },
  { externalId: 'wc-1005', name: 'Volunteer Sign-up', status: 'draft' },
];

export type SeedResult =
  | { seeded: false }
  | { seeded: true; adminEmail: string; generatedPassword: string | null; organizationSlug: string; history: DemoHistoryResult | null };

/**
 * The demo data of the README's "Set up": organization `demo` with sub-organization `demo-east`, the admin
 * as owner, five forms, and webhooks that deliver to the built-in inbox. Runs only on
 * an empty database, so a restart never duplicates or overwrites anything.
 */
export async function seedDemoData(input: {
  adminEmail: string;
  adminPassword?: string;
  /** Where this installation is reachable, for the inbox webhook URLs. */
  baseUrl: string;
  /** Also record a week of delivery history (lib/demo/record-demo-history.ts): the local demo's first start. */
  history?: boolean;
  /** Stops recording the history early (a Ctrl-C during the first start). */
  signal?: AbortSignal;
}): Promise<SeedResult> {
  if ((await db.organization.count()) > 0) return { seeded: false };

  const generatedPassword = input.adminPassword ? null : randomBytes(12).toString('base64url');
  const password = input.adminPassword ?? generatedPassword!;
  const organizationId = createId('org');
  const subOrganizationId = createId('org');
  const userId = createId('usr');

  const passwordHash = await hashPassword(password);
  const inboxes = await db.$transaction(async (tx) => {
    await tx.organization.create({
      data: {
        id: organizationId,
        slug: 'demo',
        name: 'Demo Nation',
        sharedTokenEncrypted: encryptSecret(randomBytes(18).toString('base64url')),
      },
    });
    await tx.organization.create({
      data: { id: subOrganizationId, slug: 'demo-east', name: 'Demo Nation East', parentId: organizationId },
    });
    await tx.user.create({
      data: { id: userId, email: input.adminEmail.toLowerCase(), name: 'Demo Admin', passwordHash },
    });
    await tx.membership.create({ data: { id: createId('mem'), userId, organizationId, role: 'owner' } });
    for (const form of DEMO_FORMS) {
      await tx.form.create({ data: { id: createId('form'), organizationId, ...form } });
    }
    const created = [];
    for (const name of ['CRM sync', 'Registrations desk', 'Finance ledger']) {
      created.push(
        await tx.inbox.create({
          data: { id: createId('inbox'), organizationId, name, token: randomBytes(12).toString('base64url') },
        }),
      );
    }
    return created;
  });

  const forms = await db.form.findMany({ where: { organizationId }, orderBy: { id: 'asc' } });
  const inboxUrl = (token: string) => `${input.baseUrl.replace(/\/$/, '')}/inbox/${token}`;
  // In production the inbox is off and http:// refused unless said otherwise (README
  // "Demo openness"): webhooks to it could only fail, so there are none.
  const config = env();
  if (!config.inboxEnabled || (new URL(input.baseUrl).protocol === 'http:' && !config.allowHttp)) {
    return { seeded: true, adminEmail: input.adminEmail.toLowerCase(), generatedPassword, organizationSlug: 'demo', history: null };
  }
  const created = [];
  created.push(await createWebhook({
    organizationId,
    data: {
      url: inboxUrl(inboxes[0].token),
      name: 'CRM sync (all events)',
      description: 'Every event, including sub-organizations, for the CRM.',
      events: ['*'],
      includeSubOrganizations: true,
      retryPolicy: 'exponential',
    },
  }));
  created.push(await createWebhook({
    organizationId,
    data: {
      url: inboxUrl(inboxes[1].token),
      name: 'Registrations desk',
      description: 'New and changed registrations for the gala and the youth camp.',
      events: ['registration.created', 'registrant.updated', 'registrant.cancelled', 'ticket.updated', 'ticket.cancelled'],
      allForms: false,
      formIds: forms.filter((form) => /Registration/.test(form.name)).map((form) => form.id),
      appKey: 'demo-registrations',
    },
  }));
  created.push(await createWebhook({
    organizationId,
    data: {
      url: inboxUrl(inboxes[2].token),
      name: 'Finance ledger',
      description: 'Donations and recurring gifts.',
      events: ['donation.created', 'donation.updated', 'donation.cancelled', 'subscription.processed'],
    },
  }));
  const history = input.history ? await recordDemoHistory({ organizationId, baseUrl: input.baseUrl, signal: input.signal }) : null;
  // Like any new webhook, each gets a ping: the inbox shows a verified delivery at once.
  for (const { row } of created) await sendPing({ organizationId, webhook: row });
  return { seeded: true, adminEmail: input.adminEmail.toLowerCase(), generatedPassword, organizationSlug: 'demo', history };
}
