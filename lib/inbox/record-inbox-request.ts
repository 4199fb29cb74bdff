import 'server-only';
import { db } from '../db';
import { env } from '../env';
import { AppError } from '../errors';
import { consumeRateLimit } from '../http/rate-limit';
import { createId } from '../ids';

const MAX_INBOX_BODY = 256 * 1024;

// The inbox URL is public: anyone who has it can post. Per inbox, 1,200 requests a
// minute (20 a second on average) is far above what webhooks pointed at it send, and
// keeps a flood from costing more than TIDINGS_INBOX_KEEP rows of disk.
export const INBOX_RATE_LIMIT = { keyPrefix: 'inbox', points: 1_200, duration: 60 };

// Credentials a sender (or a browser) attaches are not the inbox's to keep: anyone in
// the organization can read what the inbox stored.
const DROPPED_HEADERS = new Set(['cookie', 'authorization', 'proxy-authorization']);

// What our own web server and Next.js add to a request on its way in (the client address it
// decided and stamped, forwarding headers, the per-request nonce and the security policy the
// proxy hands the page renderer): not what the sender sent, so not what the inbox shows.
const ADDED_ON_THE_WAY_IN = new Set([
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-forwarded-proto',
  'x-tidings-client-address',
  'x-tidings-client-address-signature',
  'x-nonce',
  'content-security-policy',
  'referrer-policy',
  'x-frame-options',
  'x-content-type-options',
  'strict-transport-security',
]);

function addedOnTheWayIn(name: string): boolean {
  return ADDED_ON_THE_WAY_IN.has(name) || name.startsWith('x-middleware-') || name.startsWith('x-invoke-') || name.startsWith('next-');
}

/** The built-in request inbox: keeps any request sent to a known token, as the sender sent it (credentials dropped). */
export async function recordInboxRequest(input: { token: string; method: string; headers: Headers; body: string }) {
  if (!env().inboxEnabled) throw new AppError('not_found', 'The request inbox is turned off');
  // PostgreSQL text holds no NUL: a token with one names no inbox, a body with one cannot be kept.
  if (input.token.includes('\u0000') || !input.token.isWellFormed()) throw new AppError('not_found', 'No inbox with this token');
  const inbox = await db.inbox.findUnique({ where: { token: input.token }, select: { id: true } });
  if (!inbox) throw new AppError('not_found', 'No inbox with this token');
  // Counted per existing inbox, so made-up tokens write no counters.
  await consumeRateLimit(INBOX_RATE_LIMIT, inbox.id, 'Too many requests to this inbox');
  if (input.body.includes('\u0000')) {
    throw new AppError('validation_failed', 'The inbox cannot keep a body with NUL characters', {
      issues: [{ path: 'body', message: 'Remove the NUL (\\u0000) characters' }],
    });
  }
  const headers: Record<string, string> = {};
  input.headers.forEach((value, name) => {
    const lower = name.toLowerCase();
    if (!DROPPED_HEADERS.has(lower) && !addedOnTheWayIn(lower)) headers[name] = value;
  });
  const request = await db.inboxRequest.create({
    data: { id: createId('req'), inboxId: inbox.id, method: input.method, headers, body: input.body.slice(0, MAX_INBOX_BODY) },
    select: { id: true, receivedAt: true },
  });
  await pruneInbox({ inboxId: inbox.id, keep: env().TIDINGS_INBOX_KEEP });
  return { received: true, id: request.id };
}

/**
 * Keeps the newest `keep` requests of an inbox (newest as the inbox lists them: by
 * receipt time, then id). One statement: the index on (inboxId, receivedAt) finds the
 * `keep`-th newest row and the older ones, usually just the one the new request pushed out.
 */
async function pruneInbox(input: { inboxId: string; keep: number }): Promise<void> {
  await db.$executeRaw`
    delete from "InboxRequest"
    where "inboxId" = ${input.inboxId}
      and ("receivedAt", id) < (
        select "receivedAt", id from "InboxRequest"
        where "inboxId" = ${input.inboxId}
        order by "receivedAt" desc, id desc
        offset ${input.keep - 1} limit 1
      )`;
}
