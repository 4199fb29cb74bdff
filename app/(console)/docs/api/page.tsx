import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { buildOpenApiDocument, OPERATIONS } from '@/app/api/v1/operations';
import { requirementText } from '@/lib/http/openapi';

export const metadata: Metadata = { title: 'API reference' };

// A request body worth copying for the routes that take one.
const EXAMPLE_BODIES: Record<string, unknown> = {
  'post /webhooks': { url: 'https://example.com/webhooks/tidings', events: ['donation.created', 'registration.created'] },
  'patch /webhooks/{id}': { status: 'PAUSED' },
  'post /webhooks/{id}/test': { event: 'registration.created' },
  'post /webhooks/{id}/replay': { since: '2026-11-01T00:00:00Z' },
  'post /webhooks/{id}/resume': { held: 'send' },
  // orderingKey: the donation's id, so its created/updated/cancelled reach an ordered webhook in order.
  'post /events': { type: 'donation.created', data: { donation: { id: 42, amount_in_cents: 2500 } }, orderingKey: '42' },
  'put /organization/shared-token': { token: 'your-nation-shared-secret' },
  'patch /organization': { accountId: 123456 },
  'post /hooks': { data: { type: 'hooks', attributes: { target_url: 'https://example.com/webhook', event: 'tag_added', resource_id: '123' } } },
};

const METHOD_TONES: Record<string, string> = {
  get: 'bg-sky-100 text-sky-800',
  post: 'bg-emerald-100 text-emerald-800',
  put: 'bg-violet-100 text-violet-800',
  patch: 'bg-amber-100 text-amber-800',
  delete: 'bg-red-100 text-red-800',
};

function curlFor(origin: string, method: string, routePath: string, auth: string | null): string {
  const url = `${origin}/api/v1${routePath.replace('{id}', 'ID').replace('{type}', 'donation.created').replace('{hook}', 'tag_added_sample')}`;
  const lines = [`curl -X ${method.toUpperCase()} "${url}"`];
  if (auth) lines.push(`  -H "Authorization: Bearer $TIDINGS_API_KEY"`);
  const body = EXAMPLE_BODIES[`${method} ${routePath}`];
  if (body) lines.push(`  -H "Content-Type: application/json"`, `  -d '${JSON.stringify(body)}'`);
  if (routePath === '/events') lines.splice(2, 0, `  -H "Idempotency-Key: order-1234"`);
  return lines.join(' \\\n');
}

export default async function ApiReferencePage() {
  const document = buildOpenApiDocument();
  const requestHeaders = await headers();
  const origin = `${requestHeaders.get('x-forwarded-proto') ?? 'http'}://${requestHeaders.get('host') ?? 'localhost:3000'}`;
  const tags = [...new Set(OPERATIONS.map((operation) => operation.tag))];
  return (
    <article className="space-y-8">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">API reference</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          {document.info.description} Errors always have the shape{' '}
          <code className="font-mono text-xs">{'{"error":{"code","message","issues"}}'}</code>. The machine-readable
          document is at{' '}
          <a className="text-brand-600 underline" href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1).
        </p>
      </header>
      {tags.map((tag) => (
        <section key={tag} aria-labelledby={`tag-${tag}`} className="space-y-3">
          <h2 id={`tag-${tag}`} className="text-lg font-semibold">{tag}</h2>
          {OPERATIONS.filter((operation) => operation.tag === tag).map((operation) => (
            <div key={`${operation.method} ${operation.path}`} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="api-operation">
              <div className="flex flex-wrap items-center gap-2">
                <span className={`rounded px-2 py-0.5 font-mono text-xs font-semibold uppercase ${METHOD_TONES[operation.method]}`}>{operation.method}</span>
                <code className="font-mono text-sm">/api/v1{operation.path}</code>
                {operation.auth && operation.auth !== 'any' && operation.auth !== 'session' ? (
                  <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600">scope {operation.auth}</span>
                ) : null}
                {operation.auth === 'session' ? <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600">console only</span> : null}
              </div>
              <p className="mt-2 text-sm text-slate-700">{operation.summary}</p>
              {operation.requires ? (
                <p className="mt-1 text-xs text-slate-600" data-testid="api-operation-requires">
                  {requirementText(operation.requires)}
                </p>
              ) : null}
              {/* Long lines scroll sideways on a phone: the block takes focus so the keyboard can scroll it too. */}
              <pre
                tabIndex={0}
                role="region"
                aria-label={`curl example: ${operation.method.toUpperCase()} /api/v1${operation.path}`}
                className="mt-3 overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100"
              >
                {curlFor(origin, operation.method, operation.path, operation.auth)}
              </pre>
            </div>
          ))}
        </section>
      ))}
    </article>
  );
}
