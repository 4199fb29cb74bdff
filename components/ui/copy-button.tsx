'use client';

import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';

/** Copies `value` and says so for a moment, or asks the reader to copy by hand if the browser refuses. */
export function CopyButton({
  value,
  label = 'Copy',
  testId,
  size = 'md',
}: {
  value: string;
  label?: string;
  testId?: string;
  /** `sm` sits in a line of text, such as the inbox URL. */
  size?: 'sm' | 'md';
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2_500);
    return () => clearTimeout(timer);
  }, [state]);

  return (
    <Button
      variant="secondary"
      size={size}
      className={size === 'sm' ? 'whitespace-nowrap' : undefined}
      data-testid={testId}
      onClick={() => {
        // There is no clipboard API outside secure contexts (plain http on a LAN address).
        if (!navigator.clipboard) {
          setState('failed');
          return;
        }
        navigator.clipboard.writeText(value).then(
          () => setState('copied'),
          () => setState('failed'),
        );
      }}
    >
      <span aria-live="polite">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Select and copy it' : label}</span>
    </Button>
  );
}
