'use client';

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { ApiError } from '@/lib/api-client';

// Zod compiles fast parsers with `new Function` when it may; the Content-Security-Policy
// (proxy.ts) allows no eval, so in the browser it would only log a violation. Don't try.
z.config({ jitless: true });

/**
 * A 401 from the API means the session ended on the server (signed out elsewhere, removed
 * from the organization, password changed on another device): the page goes to sign-in
 * rather than showing errors a new sign-in would fix.
 */
function onApiError(error: unknown): void {
  if (!(error instanceof ApiError) || error.status !== 401 || typeof window === 'undefined') return;
  if (window.location.pathname.startsWith('/sign-in')) return;
  const back = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/sign-in?callbackUrl=${encodeURIComponent(back)}`);
}

export function Providers({ children }: { children: React.ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        queryCache: new QueryCache({ onError: onApiError }),
        mutationCache: new MutationCache({ onError: onApiError }),
        defaultOptions: { queries: { staleTime: 5_000, retry: 1, refetchOnWindowFocus: true } },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
