import fc from 'fast-check';
import { z } from 'zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as inboxReceiveRoute from '../../app/inbox/[token]/route';
import { startConsoleSession } from '../../lib/auth/console-sessions';
import { createUser } from '../../lib/auth/create-user';
import { db } from '../../lib/db';
import { encodeCursor } from '../../lib/http/cursor';
import { OPERATIONS } from '../../app/api/v1/operations';
import type { Operation } from '../../lib/http/openapi';
import { createKey, createOrganization } from '../support/fixtures';
import { errorShapeProblem, handlerFor, idKind, label, pathParams, validBody, type Handler } from '../support/operation-calls';
import { changedTables, digestOrganizations, type TableSnapshot } from '../support/table-snapshot';

// Property-based fuzzing of every input of every operation in the OpenAPI registry:
// bodies (arbitrary JSON, near-valid bodies with one hostile field, invalid JSON text,
// wrong content types, bytes that are not UTF-8, deep nesting, NUL and unpaired
// surrogates, oversized strings), query strings, path ids and headers. Every answer is
// below 500; every 4xx has the one error body `{error:{code,message,issues?}}` whose code
// maps to that status; and a refused request leaves the organization's tables exactly
// as they were (a digest of every row, table by table, before and after).
//
// The console-only operations (api keys) need a session: getServerSession is the one
// thing replaced here, by a session of a real admin user of the organization; the
// route wrapper, the Origin check, the role check and the handlers are the product's.

const session = vi.hoisted(() => ({ current: null as null | { uid: string; sv: number; sid: string } }));
vi.mock('next-auth', async (importOriginal) => {
  const real = await importOriginal<Record<string, unknown>>();
  return { ...real, getServerSession: async () => session.current };
});

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1);
const runs = (count: number) => ({ numRuns: Math.max(1, Math.round(count * RUNS)), seed: SEED, endOnFailure: true });

type Sent = { status: number; body: unknown; text: string };

let organizationId: string;
let key: string;
const ids: Record<'webhook' | 'delivery' | 'inbox' | 'apiKey' | 'eventType' | 'member' | 'invitation' | 'organization', string> = {
  webhook: '', delivery: '', inbox: '', apiKey: '', eventType: 'donation.created', member: '', invitation: '', organization: '',
};
let inboxToken = '';
const totals = new Map<string, Map<number, number>>();

/** Sends one request the way Next hands it to the route: a real Request, body as text or bytes. */
async function send(
  operation: Operation,
  input: { id?: string; query?: string; body?: string | Uint8Array<ArrayBuffer>; contentType?: string | null; headers?: Record<string, string> },
): Promise<Sent> {
  const handler = await handlerFor(operation);
  const headers: Record<string, string> = { ...input.headers };
  if (operation.auth === 'session') {
    headers.host = 'localhost';
    headers.origin = 'http://localhost';
  } else {
    headers.authorization = `Bearer ${key}`;
  }
  if (input.body !== undefined && input.contentType !== null) headers['content-type'] = input.contentType ?? 'application/json';
  const id = input.id ?? (operation.path.includes('{') ? ids[idKind(operation)!] : undefined);
  const request = new Request(`http://localhost/api/v1${operation.path}${input.query ? `?${input.query}` : ''}`, {
    method: operation.method.toUpperCase(),
    headers,
    body: input.body,
  });
  const response = await handler(request, { params: Promise.resolve(id === undefined ? {} : pathParams(operation, id)) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: the assertions below say so
  }
  return { status: response.status, body, text };
}

/** The property every request must satisfy; returns nothing, throws with the request in the message. */
async function expectHandled(operation: Operation, what: string, sent: () => Promise<Sent>): Promise<void> {
  const before: TableSnapshot = await digestOrganizations([organizationId]);
  const response = await sent();
  const counts = totals.get(label(operation)) ?? new Map<number, number>();
  counts.set(response.status, (counts.get(response.status) ?? 0) + 1);
  totals.set(label(operation), counts);
  const context = `${label(operation)} ${what.slice(0, 300)} → ${response.status} ${response.text.slice(0, 300)}`;
  if (response.status >= 500) throw new Error(`5xx: ${context}`);
  if (response.status >= 400) {
    const problem = errorShapeProblem(response.status, response.body);
    if (problem) throw new Error(`error body (${problem}): ${context}`);
    const changed = changedTables(before, await digestOrganizations([organizationId]));
    if (changed.length > 0) throw new Error(`refused, yet changed ${changed.join(', ')}: ${context}`);
  }
}

// ---------------------------------------------------------------------------------------
// Arbitraries

const LONE_SURROGATES = ['\ud800', 'a\udfffb', '\udc00\ud800', 'x\ud83d'];
const SPECIAL_STRINGS = [
  '', ' ', '\t\n', '\u0000', 'a\u0000b', ...LONE_SURROGATES, '\u202e', '😀', '\uffff', '\ufeff',
  'null', 'true', '0', '-1', '1e309', 'NaN', '__proto__', 'constructor', '../../../etc/passwd', '<script>alert(1)</script>',
  "'; drop table \"Webhook\"; --", '${7*7}', '%00', '%', '\r\nX-Injected: 1',
  'https://example.com/hook', 'http://127.0.0.1:1/', 'https://169.254.169.254/latest', 'https://user:pass@example.com/', 'javascript:alert(1)', 'file:///etc/passwd', '//example.com',
  '*', 'ping', 'webhook.disabled', 'donation.created', 'person.created', 'no.such_event',
  'ACTIVE', 'PAUSED', 'DISABLED', 'FAILED', 'SUCCEEDED', 'PENDING', 'RETRYING', 'standard', 'exponential', 'published',
  'webhooks:read', 'webhooks:write', 'view:transactions',
  '1970-01-01T00:00:00Z', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2026-02-30T00:00:00Z', '2026-01-01T00:00:00', '+275760-09-13T00:00:00Z', '-000001-01-01T00:00:00Z',
  'Europe/Berlin', '+05:00', 'Etc/GMT+14',
  'org_0000000000nosuchthing000000', 'wh_0000000000nosuchthing0000', 'form_0000000000nosuchthing00',
];
const NUMBERS = [0, -0, 1, -1, 0.5, 30, 31, 100, 101, 2 ** 31, 2 ** 53 + 1, 1e15, -1e15, 1e308, -1e308, 5e-324, 253402300799, 253402300800, 8.64e12, 8.64e15];

const hostileText = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 4, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 40_000 }).map((length) => 'é'.repeat(length)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...SPECIAL_STRINGS), fc.constantFrom(...LONE_SURROGATES, '\u0000')).map(([text, bad]) => text + bad) },
);
const hostileNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(...NUMBERS));
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.array(hostileText, { maxLength: 6 }) },
  { weight: 1, arbitrary: fc.array(fc.jsonValue({ maxDepth: 1 }), { minLength: 90, maxLength: 600 }) },
  { weight: 2, arbitrary: fc.dictionary(hostileText, fc.oneof(hostileText, hostileNumber), { maxKeys: 6 }) },
);

function fieldsOf(schema: z.ZodType | undefined): string[] {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown> };
  return Object.keys(json.properties ?? {});
}

/** Deeply nested JSON as text (building it as objects would overflow JSON.stringify first). */
const deepJsonText = fc
  .record({ depth: fc.integer({ min: 30, max: 60_000 }), kind: fc.constantFrom('array', 'object', 'mixed') })
  .map(({ depth, kind }) => {
    if (kind === 'array') return '['.repeat(depth) + ']'.repeat(depth);
    if (kind === 'object') return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    return '[{"a":'.repeat(depth) + '1' + '}]'.repeat(depth);
  });

function bodyText(operation: Operation): fc.Arbitrary<string> {
  const valid = validBody(operation) as Record<string, unknown>;
  const fields = fieldsOf(operation.body);
  const structured: fc.Arbitrary<unknown> = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }),
    fc.dictionary(fc.constantFrom(...fields, 'extra', '__proto__', 'constructor'), hostileValue, { maxKeys: 8 }),
    // A valid body with one field made hostile, or missing, or one unknown field more: these reach the deep checks.
    fc.record({ field: fc.constantFrom(...fields), value: hostileValue }).map(({ field, value }) => ({ ...valid, [field]: value })),
    fc.record({ field: fc.constantFrom(...fields), value: hostileValue, other: fc.constantFrom(...fields), second: hostileValue }).map(
      ({ field, value, other, second }) => ({ ...valid, [field]: value, [other]: second }),
    ),
    fc.constantFrom(...fields).map((field) => Object.fromEntries(Object.entries(valid).filter(([name]) => name !== field))),
    fc.record({ extra: fc.string({ minLength: 1, maxLength: 10 }), value: hostileValue }).map(({ extra, value }) => ({ ...valid, [`x-${extra}`]: value })),
  );
  return fc.oneof(
    { weight: 6, arbitrary: structured.map((value) => JSON.stringify(value) ?? 'null') },
    // Deep nesting in a field the schema knows, and as the whole body.
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...fields), deepJsonText).map(([field, deep]) => `{${JSON.stringify(field)}:${deep}}`) },
    { weight: 1, arbitrary: deepJsonText },
  );
}

const RAW_BODIES = [
  '{', '[1,2', '{"a":}', "{'a':1}", 'nul', 'undefined', 'NaN', '{"a":1}{"b":2}', '\ufeff{}', '{"a":1,}', '/* */{}', '1e999999',
  '"\\ud800"', '{"\\u0000":1}', '{"a":"\\u0000"}', '{"a":"\\udfff"}', '[]', '""', 'null', 'true', '0', '-0', '   ', '\u0000',
  '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '{"name":"x","name":"y"}',
];
const rawBody = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 100 }) },
  { weight: 4, arbitrary: fc.constantFrom(...RAW_BODIES) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 5000 }).map((depth) => '{"a":['.repeat(depth)) },
  { weight: 1, arbitrary: fc.constant(`{"name":"${'x'.repeat(300 * 1024)}"}`) },
);
// Bytes that are not UTF-8: an encoded surrogate, overlong forms, a lone continuation byte, UTF-16.
const rawBytes = fc.oneof(
  fc.constantFrom(
    [0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00],
    [0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d],
    [0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d],
    [0x80],
    [0x7b, 0x7d, 0x00],
  ),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => [...bytes]),
).map((bytes) => new Uint8Array(bytes));
const CONTENT_TYPES = [
  undefined, 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=xyz',
  'application/json; charset=utf-16', 'application/vnd.api+json', 'application/jsonp', '', 'application/xml', '*/*', 'json', 'text/json', 'application/json\u00ff',
];
const contentType = fc.constantFrom(...CONTENT_TYPES);

const QUERY_VALUES = [
  '', '0', '-1', '1', '1.5', '100', '101', '1e2', '1e400', '0x10', '99999999999999', '1e15', '9'.repeat(40), '253402300800',
  '0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2026-02-30T00:00:00Z', '2026-01-01T00:00:00+14:00', '1970-01-01T00:00:00.000Z', '-000001-01-01T00:00:00Z',
  '%', '%zz', '%ED%A0%80', '%00', '%F0%9F%98', '%C0%AF', 'PENDING', 'pending', 'FAILED', 'donation.created', '*',
  '+05:00', '-00:00', 'UTC', 'utc', 'Europe/Berlin', 'Etc/GMT+14', 'Factory', 'localtime', 'posixrules', 'America/Argentina/ComodRivadavia', 'US/Pacific-New', 'EST5EDT',
  encodeCursor('wh_0000000000nosuchthing0000'), encodeCursor('msg_zzzzzzzzzzzzzzzzzzzzzzzzzz'), encodeCursor('x'), encodeCursor("msg_' or 1=1"), 'not base64!', '====',
];
function queryText(operation: Operation): fc.Arbitrary<string> {
  const fields = fieldsOf(operation.query);
  const encoded = fc.dictionary(fc.constantFrom(...fields, 'extra', '__proto__'), hostileText, { maxKeys: 4 }).map((entries) => new URLSearchParams(entries).toString());
  // Unencoded, so broken escapes reach the parser as they are.
  const raw = fc.array(fc.record({ field: fc.constantFrom(...fields), value: fc.constantFrom(...QUERY_VALUES) }), { minLength: 1, maxLength: 4 }).map((pairs) =>
    pairs.map(({ field, value }) => `${field}=${value}`).join('&'),
  );
  const punctuation = fc.array(fc.constantFrom('&', '=', '%', '?', '+', 'limit', 'limit=1', 'limit=2', 'cursor=', `${fields[0]}=`), { maxLength: 8 }).map((parts) => parts.join(''));
  return fc.oneof({ weight: 2, arbitrary: encoded }, { weight: 4, arbitrary: raw }, { weight: 1, arbitrary: punctuation });
}

const hostileId = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.constantFrom('wh_', 'msg_', 'x'.repeat(100_000), 'wh_01m8set30601vhbad4ym7rr76p\u0000', '..', '.', '%2e%2e', '%') },
);

// ---------------------------------------------------------------------------------------

beforeAll(async () => {
  const organization = await createOrganization({ slug: 'fuzz-org' });
  organizationId = organization.id;
  key = await createKey(organization.id);
  const user = await createUser({ organizationId, email: 'fuzz-admin@example.com', password: 'fuzz-admin-password', role: 'admin' });
  session.current = { uid: user.id, sv: 1, sid: await startConsoleSession({ userId: user.id }) };
  const call = async (operation: Operation, body: unknown, id?: string) => {
    const response = await send(operation, { body: JSON.stringify(body), id });
    if (response.status >= 300) throw new Error(`setup ${label(operation)}: ${response.status} ${response.text}`);
    return response.body as Record<string, string>;
  };
  const find = (method: Operation['method'], path: string) => OPERATIONS.find((operation) => operation.method === method && operation.path === path)!;
  const webhook = await call(find('post', '/webhooks'), { url: 'https://example.com/fuzz', events: ['*'] });
  ids.webhook = webhook.webhookId;
  await call(find('post', '/forms'), { name: 'Fuzz form', externalId: 'fuzz-form' });
  await call(find('post', '/events'), validBody(find('post', '/events')));
  const inbox = await call(find('post', '/inboxes'), { name: 'Fuzz inbox' });
  ids.inbox = inbox.id;
  inboxToken = inbox.token;
  const apiKey = (await call(find('post', '/api-keys'), { name: 'fuzz key', scopes: ['webhooks:read'] })) as unknown as { apiKey: { id: string } };
  ids.apiKey = apiKey.apiKey.id;
  ids.delivery = (await db.delivery.findFirstOrThrow({ where: { webhookId: ids.webhook } })).id;
  // Team and organization ids: another member (not the fuzzing admin, whom a valid PATCH
  // or DELETE would lock out of the rest of the run), an invitation, a sub-organization.
  const member = await createUser({ organizationId, email: 'fuzz-member@example.com', password: 'fuzz-member-password', role: 'viewer' });
  ids.member = (await db.membership.findFirstOrThrow({ where: { organizationId, userId: member.id } })).id;
  ids.invitation = ((await call(find('post', '/invitations'), { email: 'fuzz-invitee@example.com', role: 'viewer' })) as unknown as { invitation: { id: string } }).invitation.id;
  ids.organization = (await call(find('post', '/organizations'), { name: 'Fuzz sub', slug: 'fuzz-sub' })).organizationId;
  console.log(`fuzz seed ${SEED} (FUZZ_SEED=${SEED} repeats this run; FUZZ_RUNS multiplies the runs)`);
});

// A key per test: the per-key rate limit (1,200 a minute) is not what is being fuzzed.
beforeEach(async () => {
  key = await createKey(organizationId);
});

afterAll(() => {
  for (const [name, counts] of totals) {
    console.log(`${name}: ${[...counts].sort(([x], [y]) => x - y).map(([status, count]) => `${status}×${count}`).join(' ')}`);
  }
});

const withBody = OPERATIONS.filter((operation) => operation.body);
const withQuery = OPERATIONS.filter((operation) => operation.query);
const withId = OPERATIONS.filter((operation) => operation.path.includes('{'));

describe('fuzzing every input of every operation', () => {
  it('covers every operation that takes a body or a query', () => {
    expect(withBody.length).toBeGreaterThanOrEqual(8);
    expect(withQuery.length).toBeGreaterThanOrEqual(6);
    console.log(`bodies: ${withBody.map(label).join(', ')}`);
    console.log(`queries: ${withQuery.map(label).join(', ')}`);
    console.log(`path ids: ${withId.map(label).join(', ')}`);
  });

  for (const operation of withBody) {
    it(`${label(operation)}: JSON values, near-valid bodies, deep nesting — never 5xx, one error shape, no partial write`, async () => {
      await fc.assert(
        fc.asyncProperty(bodyText(operation), async (text) => {
          await expectHandled(operation, `body ${JSON.stringify(text.slice(0, 200))}`, () => send(operation, { body: text }));
        }),
        runs(45),
      );
      console.log(`${label(operation)}: ${Math.round(45 * RUNS)} structured bodies checked`);
    });

    it(`${label(operation)}: invalid JSON text, non-UTF-8 bytes, wrong content types`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(rawBody, rawBytes), contentType, async (body, type) => {
          const shown = typeof body === 'string' ? JSON.stringify(body.slice(0, 120)) : `bytes ${[...body.slice(0, 16)].join(',')}`;
          await expectHandled(operation, `raw ${shown} as ${JSON.stringify(type)}`, () => send(operation, { body, contentType: type }));
        }),
        runs(25),
      );
      // A valid body under a content type that is not JSON is refused (415), not guessed at.
      const refused = await send(operation, { body: JSON.stringify(validBody(operation)), contentType: 'text/plain' });
      expect(refused.status).toBe(415);
      console.log(`${label(operation)}: ${Math.round(25 * RUNS)} raw bodies checked; a valid body sent as text/plain → 415`);
    });
  }

  for (const operation of withQuery) {
    it(`${label(operation)}: hostile query strings — never 5xx, one error shape, nothing written`, async () => {
      await fc.assert(
        fc.asyncProperty(queryText(operation), async (query) => {
          await expectHandled(operation, `query ${JSON.stringify(query.slice(0, 200))}`, () => send(operation, { query }));
        }),
        runs(40),
      );
      console.log(`${label(operation)}: ${Math.round(40 * RUNS)} query strings checked`);
    });
  }

  it('every operation with an id: hostile ids (NUL, unpaired surrogates, 100 KB, dots) are 4xx, never 5xx', async () => {
    for (const operation of withId) {
      await fc.assert(
        fc.asyncProperty(hostileId, async (id) => {
          const body = operation.body ? JSON.stringify(validBody(operation)) : undefined;
          await expectHandled(operation, `id ${JSON.stringify(id.slice(0, 60))}`, () => send(operation, { id, body }));
        }),
        runs(15),
      );
    }
    console.log(`${withId.length} operations × ${Math.round(15 * RUNS)} hostile ids checked`);
  });

  it('inputs that once answered 500 or were accepted and broke later are refused with 4xx', async () => {
    const find = (method: Operation['method'], path: string) => OPERATIONS.find((operation) => operation.method === method && operation.path === path)!;
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const cases: { operation: Operation; what: string; input: Parameters<typeof send>[1]; status: number }[] = [
      { operation: find('post', '/events'), what: 'data nested 100,000 deep', input: { body: `{"type":"person.created","data":{"x":${deep}}}` }, status: 400 },
      { operation: find('post', '/webhooks'), what: 'url nested 100,000 deep', input: { body: `{"url":${deep},"events":["*"]}` }, status: 400 },
      { operation: find('post', '/forms'), what: 'a body nested 65 deep', input: { body: `{"name":"x","externalId":${'['.repeat(65)}${']'.repeat(65)}}` }, status: 400 },
      { operation: find('post', '/webhooks/{id}/replay'), what: 'since 10^15 s (past year 9999)', input: { body: '{"since":1e15}' }, status: 400 },
      { operation: find('post', '/webhooks/{id}/replay'), what: 'since in year 0000', input: { body: '{"since":"0000-01-01T00:00:00Z"}' }, status: 400 },
      { operation: find('get', '/deliveries'), what: 'since=99999999999999', input: { query: 'since=99999999999999' }, status: 400 },
      { operation: find('get', '/deliveries'), what: 'since in year 0000', input: { query: 'since=0000-01-01T00:00:00Z' }, status: 400 },
      { operation: find('get', '/webhooks/{id}/deliveries'), what: 'since=1e15', input: { query: 'since=1e15' }, status: 400 },
      { operation: find('get', '/webhooks/{id}'), what: 'an id with NUL', input: { id: 'wh_\u0000' }, status: 404 },
      { operation: find('post', '/deliveries/{id}/resend'), what: 'an id with an unpaired surrogate', input: { id: 'msg_\ud800' }, status: 404 },
      { operation: find('get', '/inboxes/{id}/requests'), what: 'an id with NUL', input: { id: '\u0000' }, status: 404 },
      // A bare offset is a different zone to PostgreSQL (POSIX, sign inverted): the buckets were off by twice the offset.
      { operation: find('get', '/stats'), what: 'tz=+05:00', input: { query: 'tz=%2B05:00' }, status: 400 },
      // Header values the HTTP client cannot send: accepted, every delivery of the webhook would fail.
      { operation: find('post', '/webhooks'), what: 'a custom header value "€"', input: { body: JSON.stringify({ url: 'https://example.com/h', events: ['*'], customHeaders: { 'X-Price': '10 €' } }) }, status: 400 },
      { operation: find('post', '/webhooks'), what: 'an apiToken with a line break', input: { body: JSON.stringify({ url: 'https://example.com/h', events: ['*'], apiToken: 'abc\r\nX-Injected: 1' }) }, status: 400 },
      { operation: find('patch', '/webhooks/{id}'), what: 'an apiToken "tøken✓"', input: { body: JSON.stringify({ apiToken: 'tøken✓' }) }, status: 400 },
    ];
    for (const entry of cases) {
      await expectHandled(entry.operation, entry.what, () => send(entry.operation, entry.input));
      const response = await send(entry.operation, entry.input);
      expect(response.status, `${label(entry.operation)} ${entry.what}: ${response.text.slice(0, 200)}`).toBe(entry.status);
      console.log(`${label(entry.operation)} with ${entry.what} → ${response.status} ${(response.body as { error: { code: string } }).error.code}`);
    }
    // The request inbox: a body with NUL cannot be kept (400), a token with NUL names no inbox (404).
    const receive = inboxReceiveRoute.POST as unknown as Handler;
    const nulBody = await receive(new Request('http://localhost/inbox/x', { method: 'POST', body: '{"a":"\u0000"}' }), { params: Promise.resolve({ token: inboxToken }) });
    expect(nulBody.status).toBe(400);
    const nulToken = await receive(new Request('http://localhost/inbox/x', { method: 'POST', body: '{}' }), { params: Promise.resolve({ token: 'x\u0000' }) });
    expect(nulToken.status).toBe(404);
    console.log('POST /inbox/<token> with a NUL in the body → 400; with a NUL in the token → 404');
  });

  it('POST /events: hostile Idempotency-Key headers', async () => {
    const operation = OPERATIONS.find((candidate) => candidate.method === 'post' && candidate.path === '/events')!;
    const headerValue = fc.oneof(
      fc.string({ unit: 'grapheme-ascii', maxLength: 300 }),
      fc.constantFrom('', ' ', 'x'.repeat(255), 'x'.repeat(256), 'ÿÿ', '\t', 'a b', "'; drop table x; --"),
    );
    await fc.assert(
      fc.asyncProperty(headerValue, async (value) => {
        // Header values are byte strings: characters a client cannot send are not tried.
        const headers = { 'idempotency-key': value };
        await expectHandled(operation, `Idempotency-Key ${JSON.stringify(value.slice(0, 60))}`, () => send(operation, { body: JSON.stringify(validBody(operation)), headers }));
      }),
      runs(20),
    );
    console.log(`${Math.round(20 * RUNS)} Idempotency-Key values checked`);
  });

  it('the request inbox (/inbox/<token>) takes any body and token without a 5xx', async () => {
    const receive = inboxReceiveRoute.POST as unknown as Handler;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant(inboxToken), hostileId), fc.oneof(rawBody, rawBytes, bodyText(withBody[0])), async (token, body) => {
        const before = await digestOrganizations([organizationId]);
        const response = await receive(new Request(`http://localhost/inbox/x`, { method: 'POST', body, headers: { 'content-type': 'application/json' } }), {
          params: Promise.resolve({ token }),
        });
        const text = await response.text();
        const context = `inbox token ${JSON.stringify(token.slice(0, 40))} body ${typeof body === 'string' ? JSON.stringify(body.slice(0, 80)) : 'bytes'} → ${response.status} ${text.slice(0, 200)}`;
        if (response.status >= 500) throw new Error(`5xx: ${context}`);
        if (response.status >= 400) {
          const problem = errorShapeProblem(response.status, JSON.parse(text));
          if (problem) throw new Error(`error body (${problem}): ${context}`);
          expect(changedTables(before, await digestOrganizations([organizationId])), context).toEqual([]);
        }
      }),
      runs(40),
    );
    console.log(`${Math.round(40 * RUNS)} inbox requests checked`);
  });
});
