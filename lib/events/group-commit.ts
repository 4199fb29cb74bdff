import 'server-only';
import { withTransaction } from '../db-transaction';
import { emitEvents, type EmitInput, type EmitResult } from './emit';
import { claimIdempotencyKeys, recordIdempotentResponses, type StoredResponse } from './idempotency';

// Group commit for POST /events (docs/delivery-semantics.md#group-commit): concurrent
// requests share one transaction, so one commit (one fsync) makes many events durable.
// The window is adaptive: what arrives while a commit is in flight goes in the next one;
// a request that finds nothing in flight starts its own at once, with no added latency.
// Every request still answers only after the commit that holds its event, and each gets
// exactly the answer it would get alone: when the shared transaction fails, each of its
// requests is run again alone, in its own transaction.

/** At most this many requests per commit (the batch route's limit per transaction). */
const MAX_GROUP = 500;

export type GroupedEvent = {
  /** The organization that owns the Idempotency-Key (the caller's, not the event's). */
  callerOrganizationId: string;
  input: EmitInput;
  idempotency: { key: string; requestHash: string } | null;
  /** The answer for an emitted event, stored with its key and replayed. */
  respond: (result: EmitResult) => { status: number; body: unknown };
  /** The request on its own, in its own transaction: what a group of one and the fallback run. */
  alone: () => Promise<StoredResponse>;
};

type Waiting = GroupedEvent & { settle: (outcome: Promise<StoredResponse>) => void };

const waiting: Waiting[] = [];
let committing = false;

/** Accepts the event in the next commit, shared with whatever other requests are waiting for it. */
export function acceptInGroupCommit(event: GroupedEvent): Promise<StoredResponse> {
  return new Promise<StoredResponse>((resolve, reject) => {
    waiting.push({ ...event, settle: (outcome) => outcome.then(resolve, reject) });
    if (!committing) void commitWaiting();
  });
}

function idempotencyId(event: GroupedEvent): string | null {
  return event.idempotency ? `${event.callerOrganizationId}\n${event.idempotency.key}` : null;
}

/** The next group: the waiting requests in arrival order, but one request per Idempotency-Key. */
function takeGroup(): Waiting[] {
  const group: Waiting[] = [];
  const keys = new Set<string>();
  for (let index = 0; index < waiting.length && group.length < MAX_GROUP; ) {
    const id = idempotencyId(waiting[index]);
    // A second request with a key already in this group waits for the next: by then the
    // first has committed, and the key's row gives it the replay or the conflict it would get alone.
    if (id !== null && keys.has(id)) {
      index += 1;
      continue;
    }
    if (id !== null) keys.add(id);
    group.push(...waiting.splice(index, 1));
  }
  return group;
}

async function commitWaiting(): Promise<void> {
  committing = true;
  try {
    while (waiting.length > 0) {
      const group = takeGroup();
      if (group.length === 1) {
        const outcome = group[0].alone();
        group[0].settle(outcome);
        await outcome.catch(() => undefined);
        continue;
      }
      let outcomes: Promise<StoredResponse>[];
      try {
        outcomes = (await commitGroup(group)).map((outcome) => ('error' in outcome ? Promise.reject(outcome.error) : Promise.resolve(outcome)));
      } catch {
        // Whatever failed (one item's row, a lock race, the commit itself), nothing of the
        // group was stored: each request now gets its own transaction and its own answer.
        outcomes = group.map((event) => event.alone());
      }
      group.forEach((event, index) => event.settle(outcomes[index]));
      await Promise.allSettled(outcomes);
    }
  } finally {
    committing = false;
  }
}

type Outcome = StoredResponse | { error: unknown };

/**
 * One transaction for the group: the keys claimed per organization in (organization, key)
 * order, as a batch claims them (two transactions sharing keys cannot deadlock), the events
 * emitted together, the keys' responses recorded. Returns each request's outcome once committed.
 */
async function commitGroup(group: GroupedEvent[]): Promise<Outcome[]> {
  return withTransaction(async (client) => {
    const outcomes: (Outcome | undefined)[] = group.map(() => undefined);
    const byOrganization = new Map<string, number[]>();
    group.forEach((event, index) => {
      if (!event.idempotency) return;
      byOrganization.set(event.callerOrganizationId, [...(byOrganization.get(event.callerOrganizationId) ?? []), index]);
    });
    for (const organizationId of [...byOrganization.keys()].sort()) {
      const indexes = byOrganization.get(organizationId)!;
      const claims = await claimIdempotencyKeys(client, { organizationId, claims: indexes.map((index) => group[index].idempotency!) });
      for (const index of indexes) {
        const claim = claims.get(group[index].idempotency!.key)!;
        if ('conflict' in claim) outcomes[index] = { error: claim.conflict };
        else if (!claim.claimed) outcomes[index] = { ...claim.response, replayed: true };
      }
    }
    const toEmit = group.flatMap((_event, index) => (outcomes[index] ? [] : [index]));
    const emitting = new Set(toEmit);
    const emitted = await emitEvents(
      toEmit.map((index) => group[index].input),
      client,
    );
    toEmit.forEach((index, position) => (outcomes[index] = { ...group[index].respond(emitted[position]), replayed: false }));
    for (const [organizationId, indexes] of byOrganization) {
      const responses = indexes.flatMap((index) => {
        const outcome = outcomes[index]!;
        return emitting.has(index) && !('error' in outcome) ? [{ key: group[index].idempotency!.key, status: outcome.status, body: outcome.body }] : [];
      });
      await recordIdempotentResponses(client, { organizationId, responses });
    }
    return outcomes.map((outcome) => outcome!);
  });
}
