// The worker's share per organization (issue 12.5, docs/security-model.md#rate-limits "Fair sharing"). An
// organization may hold at most `cap` of the worker's jobs and send at most `cap` at a
// time. What it holds decides whether its jobs are fetched at all: jobs fetched are the
// worker's slots, so an organization whose receivers hang must not hoard them waiting.
// What it sends is the hard limit, for jobs fetched before the worker knew the owner.

export class OrganizationSlots {
  private readonly held = new Map<string, number>();
  private readonly sending = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(private readonly cap: number) {}

  /** The worker fetched `count` jobs of the organization. */
  hold(organizationId: string, count = 1): void {
    this.held.set(organizationId, (this.held.get(organizationId) ?? 0) + count);
  }

  /** Organizations holding their share: their jobs are not to be fetched for now. */
  *saturated(): Iterable<string> {
    for (const [organizationId, count] of this.held) if (count >= this.cap) yield organizationId;
  }

  /** Resolves (in arrival order) once the organization sends fewer than `cap` requests; undefined when it already does. */
  acquire(organizationId: string): Promise<void> | undefined {
    const count = this.sending.get(organizationId) ?? 0;
    if (count < this.cap) {
      this.sending.set(organizationId, count + 1);
      return undefined;
    }
    return new Promise((resolve) => {
      const queue = this.waiting.get(organizationId);
      if (queue) queue.push(resolve);
      else this.waiting.set(organizationId, [resolve]);
    });
  }

  /**
   * One acquired job of the organization is done: its sending slot goes to the next
   * waiting one, and it no longer holds the job. True when that brings the organization
   * back under its share (its jobs may be fetched again).
   */
  release(organizationId: string): boolean {
    const queue = this.waiting.get(organizationId);
    const next = queue?.shift();
    if (queue && queue.length === 0) this.waiting.delete(organizationId);
    if (next) {
      next();
    } else {
      decrement(this.sending, organizationId);
    }
    return decrement(this.held, organizationId) === this.cap - 1;
  }

  /** A held job that never asked for a slot (skipped, or it could not be loaded). */
  drop(organizationId: string): boolean {
    return decrement(this.held, organizationId) === this.cap - 1;
  }

  sendingFor(organizationId: string): number {
    return this.sending.get(organizationId) ?? 0;
  }

  heldBy(organizationId: string): number {
    return this.held.get(organizationId) ?? 0;
  }
}

function decrement(counts: Map<string, number>, key: string): number {
  const count = (counts.get(key) ?? 1) - 1;
  if (count <= 0) counts.delete(key);
  else counts.set(key, count);
  return Math.max(0, count);
}
