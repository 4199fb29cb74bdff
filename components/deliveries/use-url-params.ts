'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';

/**
 * Filters, the open delivery and the open panels live in the query string, so a view can
 * be shared or reloaded as it is. `replaceState` updates it without a server round trip
 * or a history entry per click (Next.js keeps useSearchParams in step with it).
 */
export function useUrlParams() {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const get = useCallback((name: string) => searchParams.get(name) ?? undefined, [searchParams]);
  const set = useCallback(
    (patch: Record<string, string | undefined>) => {
      const next = new URLSearchParams(window.location.search);
      for (const [key, value] of Object.entries(patch)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      const query = next.toString();
      window.history.replaceState(null, '', query ? `${pathname}?${query}` : pathname);
    },
    [pathname],
  );
  return { get, set };
}
