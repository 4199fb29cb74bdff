import { describe, expect, it } from 'vitest';
import { OrganizationSlots } from './organization-slots';

// Issue 12.5: per organization, at most `cap` requests in flight in a worker, and an
// organization holding `cap` fetched jobs is not fetched for until one is done.

describe('per-organization slots', () => {
  it('lets an organization send at most its cap, the rest in arrival order as slots free up', async () => {
    const slots = new OrganizationSlots(2);
    const started: string[] = [];
    const run = async (name: string) => {
      slots.hold('org_a');
      await slots.acquire('org_a');
      started.push(name);
    };
    const runs = ['a1', 'a2', 'a3', 'a4'].map(run);
    await Promise.resolve();
    expect(started).toEqual(['a1', 'a2']);
    expect(slots.sendingFor('org_a')).toBe(2);

    slots.release('org_a');
    await Promise.resolve();
    expect(started).toEqual(['a1', 'a2', 'a3']);
    expect(slots.sendingFor('org_a')).toBe(2);

    slots.release('org_a');
    await Promise.all(runs);
    expect(started).toEqual(['a1', 'a2', 'a3', 'a4']);
    slots.release('org_a');
    slots.release('org_a');
    expect(slots.sendingFor('org_a')).toBe(0);
    expect(slots.heldBy('org_a')).toBe(0);
  });

  it('never makes one organization wait for another', async () => {
    const slots = new OrganizationSlots(1);
    slots.hold('org_a', 5);
    expect(slots.acquire('org_a')).toBeUndefined();
    const waitingA = slots.acquire('org_a');
    expect(waitingA).toBeInstanceOf(Promise);
    slots.hold('org_b');
    expect(slots.acquire('org_b')).toBeUndefined();
    expect(slots.sendingFor('org_b')).toBe(1);
  });

  it('reports an organization as saturated while it holds its cap of jobs, and says when it is not any more', () => {
    const slots = new OrganizationSlots(3);
    slots.hold('org_a', 2);
    slots.hold('org_b', 4);
    expect([...slots.saturated()]).toEqual(['org_b']);
    slots.hold('org_a');
    expect([...slots.saturated()].sort()).toEqual(['org_a', 'org_b']);

    expect(slots.acquire('org_b')).toBeUndefined();
    // 4 → 3: still at its cap.
    expect(slots.release('org_b')).toBe(false);
    expect([...slots.saturated()].sort()).toEqual(['org_a', 'org_b']);
    // 3 → 2: under its cap again, fetchable.
    expect(slots.drop('org_b')).toBe(true);
    expect([...slots.saturated()]).toEqual(['org_a']);
    expect(slots.drop('org_b')).toBe(false);
    expect(slots.drop('org_b')).toBe(false);
    expect(slots.heldBy('org_b')).toBe(0);
  });
});
