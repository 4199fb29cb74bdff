import 'server-only';
import { db } from '../db';
import { env } from '../env';
import { AppError } from '../http/app-error';
import { createId } from '../ids';

const MAX_INBOX_BODY = 256 * 1024;

/** The built-in request inbox: keeps any request sent to a known token, as received. */
export async function recordInboxRequest(input: { token: string; method: string; headers: Headers; body: string }) {
  if (!env().inboxEnabled) throw new AppError('not_found', 'The request inbox is turned off');
  // PostgreSQL text holds no NUL: a token with one names no inbox, a body with one cannot be kept.
  if (input.token.includes('\u0000') || !input.token.isWellFormed()) throw new AppError('not_found', 'No inbox with this token');
  const inbox = await db.inbox.findUnique({ where: { token: input.token }, select: { id: true } });
  if (!inbox) throw new AppError('not_found', 'No inbox with this token');
  if (input.body.includes('\u0000')) {
    throw new AppError('validation_failed', 'The inbox cannot keep a body with NUL characters', {
      issues: [{ path: 'body', message: 'Remove the NUL (\\u0000) characters' }],
    });
  }
  const headers: Record<string, string> = {};
  input.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const request = await db.inboxRequest.create({
    data: { id: createId('req'), inboxId: inbox.id, method: input.method, headers, body: input.body.slice(0, MAX_INBOX_BODY) },
    select: { id: true, receivedAt: true },
  });
  return { received: true, id: request.id };
}
