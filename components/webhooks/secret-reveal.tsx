'use client';

import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';

/**
 * A signing secret shown exactly once: selectable text, a copy button, and a plain
 * statement that it cannot be retrieved later.
 */
export function SecretReveal({ secret, note }: { secret: string; note?: React.ReactNode }) {
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const codeRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (copy === 'idle') return;
    const timer = setTimeout(() => setCopy('idle'), 2_000);
    return () => clearTimeout(timer);
  }, [copy]);

  const selectSecret = () => {
    const code = codeRef.current;
    if (!code) return;
    const range = document.createRange();
    range.selectNodeContents(code);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
  };

  return (
    <div className="space-y-3" data-testid="secret-reveal">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-stretch">
        <code
          ref={codeRef}
          data-testid="webhook-secret"
          aria-label="Signing secret"
          onClick={selectSecret}
          className="block min-w-0 flex-1 break-all rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm text-slate-900"
        >
          {secret}
        </code>
        <Button
          variant="secondary"
          data-testid="copy-secret"
          onClick={() => {
            navigator.clipboard
              .writeText(secret)
              .then(() => setCopy('copied'))
              .catch(() => {
                // Without clipboard permission, select it so Ctrl+C works.
                selectSecret();
                setCopy('failed');
              });
          }}
        >
          <span aria-live="polite">{copy === 'copied' ? 'Copied' : copy === 'failed' ? 'Press Ctrl+C to copy' : 'Copy secret'}</span>
        </Button>
      </div>
      <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" role="note">
        <strong className="font-semibold">Store this secret now: you will not see it again.</strong> Tidings keeps it
        encrypted and cannot show it later; if you lose it, rotate the secret to get a new one.
      </p>
      {note ? <div className="text-sm text-slate-600">{note}</div> : null}
    </div>
  );
}
