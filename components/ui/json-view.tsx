'use client';

import { useState } from 'react';

// Shows a JSON value or a body as text: pretty-printed and coloured when it is JSON, else
// exactly as given. `mode="raw"` starts from the exact text (a receiver's response) and
// offers formatting as a toggle, so what was received is never silently rewritten.

type Parsed = { ok: true; pretty: string } | { ok: false };

function parse(text: string): Parsed {
  const trimmed = text.trim();
  // Only objects and arrays: a bare "OK" or "200" is text, whatever JSON.parse thinks.
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return { ok: false };
  try {
    return { ok: true, pretty: JSON.stringify(JSON.parse(trimmed), null, 2) };
  } catch {
    return { ok: false };
  }
}

// Keys, strings, numbers and literals of pretty-printed JSON; everything else is punctuation.
const TOKEN = /("(?:\\.|[^"\\])*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b/g;

function highlight(pretty: string): React.ReactNode[] {
  const nodes: React.ReactNode[] = [];
  let last = 0;
  for (const match of pretty.matchAll(TOKEN)) {
    const index = match.index ?? 0;
    if (index > last) nodes.push(pretty.slice(last, index));
    const [, string, colon, number, literal] = match;
    if (string !== undefined) {
      nodes.push(
        <span key={index} className={colon ? 'text-sky-800' : 'text-emerald-700'}>
          {string}
        </span>,
      );
      if (colon) nodes.push(colon);
    } else if (number !== undefined) {
      nodes.push(<span key={index} className="text-amber-700">{number}</span>);
    } else if (literal !== undefined) {
      nodes.push(<span key={index} className="text-fuchsia-700">{literal}</span>);
    }
    last = index + match[0].length;
  }
  if (last < pretty.length) nodes.push(pretty.slice(last));
  return nodes;
}

export function JsonView({
  value,
  text,
  mode = 'pretty',
  label,
  testId,
  emptyText = 'Empty body',
}: {
  /** A value to show as JSON. */
  value?: unknown;
  /** Text that may or may not be JSON (a request or response body). */
  text?: string;
  /** For text: start pretty-printed (when it parses) or exactly as received. */
  mode?: 'pretty' | 'raw';
  /** Names the region for screen readers ("Response body"). */
  label: string;
  testId?: string;
  emptyText?: string;
}) {
  const source = text ?? (value === undefined ? '' : JSON.stringify(value));
  const parsed = text === undefined ? ({ ok: true, pretty: JSON.stringify(value, null, 2) ?? '' } as const) : parse(text);
  const [formatted, setFormatted] = useState(mode === 'pretty');
  const [copied, setCopied] = useState(false);
  const showPretty = parsed.ok && formatted;
  const shown = showPretty ? parsed.pretty : source;

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(shown);
      setCopied(true);
      setTimeout(() => setCopied(false), 1_500);
    } catch {
      setCopied(false);
    }
  };

  if (source === '') {
    return <p className="rounded-md border border-dashed border-slate-300 px-3 py-2 text-sm text-slate-500">{emptyText}</p>;
  }

  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-slate-50">
      <div className="flex items-center justify-end gap-3 border-b border-slate-200 bg-white px-3 py-1.5 text-xs">
        <span className="mr-auto text-slate-500">{parsed.ok ? 'JSON' : 'Text'}</span>
        {parsed.ok && text !== undefined ? (
          <button type="button" className="font-medium text-brand-700 hover:underline" aria-pressed={formatted} onClick={() => setFormatted((on) => !on)}>
            {formatted ? 'Show as received' : 'Format JSON'}
          </button>
        ) : null}
        <button type="button" className="font-medium text-brand-700 hover:underline" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <pre
        role="region"
        aria-label={label}
        tabIndex={0}
        data-testid={testId}
        className="max-h-[28rem] overflow-auto whitespace-pre-wrap break-all p-3 font-mono text-xs leading-relaxed text-slate-800 outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-brand-500/40"
      >
        {showPretty ? highlight(shown) : shown}
      </pre>
    </div>
  );
}
