import 'server-only';
import { randomInt } from 'node:crypto';
import { db } from '../db';
import { getEventType } from '../events/catalog/definitions';
import { emitEvent } from '../events/emit';

// What a busy donation and registration platform sends, roughly in proportion.
const MIX: [type: string, weight: number][] = [
  ['donation.created', 30],
  ['registration.created', 18],
  ['subscription.processed', 8],
  ['contact.tag_added', 8],
  ['person.created', 8],
  ['person.updated', 5],
  ['donation.updated', 4],
  ['registrant.updated', 4],
  ['contact.created', 4],
  ['form.submitted', 3],
  ['coupon.redeemed', 2],
  ['donation.cancelled', 2],
  ['inventory.threshold_reached', 2],
  ['subscription.created', 2],
];
const TOTAL = MIX.reduce((sum, [, weight]) => sum + weight, 0);

/** An event type, in the proportions of MIX. */
export function pickType(): string {
  let roll = randomInt(TOTAL);
  for (const [type, weight] of MIX) {
    if (roll < weight) return type;
    roll -= weight;
  }
  return MIX[0][0];
}

/** Varies a catalog sample so the console shows distinct, plausible events. */
export function varySample(type: string): Record<string, unknown> {
  const data = getEventType(type)!.sample();
  const donation = data.donation as Record<string, unknown> | undefined;
  if (donation) {
    donation.amount_in_cents = randomInt(5, 500) * 100;
    donation.id = randomInt(100_000, 999_999);
  }
  if (type === 'inventory.threshold_reached') data.threshold = [80, 90, 100][randomInt(3)];
  if (typeof data.total === 'number') data.total = randomInt(20, 400);
  return data;
}

export type SimulationResult = { emitted: number; deliveries: number };

/**
 * Emits realistic events through the same ingestion as the API, at `ratePerSecond`
 * for `durationSeconds` (or until aborted): a fifth of them from the first
 * sub-organization, registrations and donations on the organization's forms.
 */
export async function simulateTraffic(input: {
  organizationSlug: string;
  ratePerSecond: number;
  durationSeconds: number;
  signal?: AbortSignal;
  onEvent?: (type: string, organizationSlug: string) => void;
}): Promise<SimulationResult> {
  const organization = await db.organization.findUnique({ where: { slug: input.organizationSlug }, select: { id: true, slug: true } });
  if (!organization) throw new Error(`No organization with slug "${input.organizationSlug}"`);
  const children = await db.organization.findMany({ where: { parentId: organization.id }, select: { id: true, slug: true } });
  const forms = await db.form.findMany({ where: { organizationId: organization.id }, select: { id: true } });
  const interval = 1000 / input.ratePerSecond;
  const started = Date.now();
  const result: SimulationResult = { emitted: 0, deliveries: 0 };
  for (let index = 0; ; index += 1) {
    const due = started + index * interval;
    if (input.signal?.aborted || due - started >= input.durationSeconds * 1000) break;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const type = pickType();
    const target = children.length > 0 && randomInt(5) === 0 ? children[randomInt(children.length)] : organization;
    const formScoped = /^(donation|registration|registrant|form|coupon)\./.test(type) && forms.length > 0;
    const emitted = await emitEvent({
      organizationId: target.id,
      type,
      data: varySample(type),
      formId: formScoped && target === organization ? forms[randomInt(forms.length)].id : null,
      resourceId: type.startsWith('contact.tag') ? `tag-${randomInt(1, 6)}` : null,
    });
    result.emitted += 1;
    result.deliveries += emitted.deliveries.length;
    input.onEvent?.(type, target.slug);
  }
  return result;
}
