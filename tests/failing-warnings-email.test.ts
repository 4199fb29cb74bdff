import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../lib/auth/create-user';
import { db } from '../lib/db';
import { announceWebhookFailing } from '../lib/webhooks/failing-warnings';
import { createOrganization } from './support/fixtures';
import { startSmtpReceiver } from './support/smtp-receiver';

// Issue #17 item 2: a webhook crossing a failing threshold is announced by email to the
// organization's owners and admins when SMTP is configured (TIDINGS_SMTP_URL), read here by a
// real SMTP server on loopback. Viewers and other organizations' people get nothing.

let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
});

afterAll(() => smtp.stop());

describe('the failing warning by email', () => {
  it('reaches the owners and admins of the organization, with the URL, the streak and the disable date', async () => {
    const organization = await createOrganization();
    const other = await createOrganization();
    await createUser({ organizationId: organization.id, email: 'owner@failing.example', password: 'owner-password-long', role: 'owner' });
    await createUser({ organizationId: organization.id, email: 'admin@failing.example', password: 'admin-password-long', role: 'admin' });
    await createUser({ organizationId: organization.id, email: 'viewer@failing.example', password: 'viewer-password-long', role: 'viewer' });
    await createUser({ organizationId: other.id, email: 'stranger@failing.example', password: 'stranger-password-long', role: 'owner' });
    const failingSince = new Date('2026-12-01T08:00:00Z');
    const disableAt = new Date(failingSince.getTime() + 5 * 86_400_000);

    await announceWebhookFailing({
      id: 'wh_failing_email',
      organizationId: organization.id,
      url: 'https://receiver.example/hook',
      failingSince,
      disableAt,
      failingForHours: 24,
      consecutiveFailures: 17,
      lastError: 'HTTP 503',
    });

    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail.to.sort()).toEqual(['admin@failing.example', 'owner@failing.example']);
    expect(mail.subject).toBe('Webhook failing for 24 hours: https://receiver.example/hook');
    expect(mail.text).toContain(failingSince.toUTCString());
    expect(mail.text).toContain(`will disable this webhook on ${disableAt.toUTCString()}`);
    expect(mail.text).toContain('last error: HTTP 503');
    // The webhook.failing event was accepted for the organization's subscribers as well.
    const events = await db.event.findMany({ where: { organizationId: organization.id, type: 'webhook.failing' } });
    expect(events).toHaveLength(1);
  });
});
