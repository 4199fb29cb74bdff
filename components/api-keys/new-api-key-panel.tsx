'use client';

import { useEffect, useRef } from 'react';
import { Button } from '@/components/ui/button';
import type { CreatedApiKey } from './api';
import { CopyButton } from '@/components/ui/copy-button';

/** The only time the whole key is on screen: Tidings keeps its hash, not the key. */
export function NewApiKeyPanel({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const origin = typeof window === 'undefined' ? '' : window.location.origin;

  return (
    <section
      aria-labelledby="new-api-key-heading"
      className="space-y-4 rounded-xl border border-emerald-200 bg-emerald-50/60 p-4 shadow-sm sm:p-5"
      data-testid="new-api-key-panel"
    >
      <div className="space-y-1">
        <h2 id="new-api-key-heading" ref={headingRef} tabIndex={-1} className="text-base font-semibold text-slate-900 focus:outline-none">
          API key “{created.apiKey.name}” created
        </h2>
        <p className="text-sm font-medium text-amber-800" role="note">
          Copy it now and store it somewhere safe: you will not see this again. If you lose it, revoke it and create another.
        </p>
      </div>
      <div className="flex flex-col gap-2 sm:flex-row">
        <label htmlFor="new-api-key" className="sr-only">
          New API key
        </label>
        <input
          id="new-api-key"
          readOnly
          value={created.key}
          data-testid="new-api-key"
          onFocus={(event) => event.currentTarget.select()}
          className="block w-full min-w-0 rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm text-slate-900 shadow-xs focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
        />
        <CopyButton value={created.key} label="Copy key" testId="copy-api-key" />
      </div>
      <div className="space-y-1">
        <p className="text-xs font-medium text-slate-600">Try it (any key may read the event catalog):</p>
        <pre className="whitespace-pre-wrap break-all rounded-md bg-slate-900 px-3 py-2 font-mono text-xs text-slate-100">
          {`curl -H "Authorization: Bearer ${created.key}" \\\n  ${origin}/api/v1/event-types`}
        </pre>
        <p className="text-xs text-slate-500">Scopes: {created.apiKey.scopes.join(', ')}</p>
      </div>
      <Button variant="secondary" onClick={onDone} data-testid="new-api-key-done">
        I have stored the key
      </Button>
    </section>
  );
}
