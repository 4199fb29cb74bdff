'use client';

import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';

/** Copies `value`; says so for a moment, or tells the reader to copy by hand if the browser refuses. */
export function CopyButton({ value, label = 'Copy', testId }: { value: string; label?: string; testId?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2_000);
    return () => clearTimeout(timer);
  }, [state]);

  return (
    <Button
      variant="secondary"
      size="sm"
      className="whitespace-nowrap"
      data-testid={testId}
      onClick={() => {
        // No clipboard API outside secure contexts (plain http on a LAN address).
        if (!navigator.clipboard) {
          setState('failed');
          return;
        }
        navigator.clipboard
          .writeText(value)
          .then(() => setState('copied'))
          .catch(() => setState('failed'));
      }}
    >
      <span aria-live="polite">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Select and copy' : label}</span>
    </Button>
  );
}
