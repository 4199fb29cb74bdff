// The security headers of every response (issue 12 item 7). proxy.ts sets them on what
// passes through it, with a fresh script nonce per request; next.config.mjs sets the fixed
// ones on everything (static files included); scripts/web-server.ts on its own errors.

/** Headers that do not depend on the request. */
export const FIXED_SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

/** Sent only over https: a browser that saw it refuses plain http to this host for a year. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000';

/**
 * Scripts from this origin only, and inline ones only with this response's nonce (Next
 * stamps it on the scripts it writes into each page when it finds it in the request's
 * Content-Security-Policy header). Styles may be inline: the charts set style attributes.
 * `next dev` evaluates code for fast refresh and needs 'unsafe-eval'; production never does.
 */
export function contentSecurityPolicy({ nonce, development = false }: { nonce?: string; development?: boolean }): string {
  const scripts = ["'self'", ...(nonce ? [`'nonce-${nonce}'`] : []), ...(development ? ["'unsafe-eval'"] : [])];
  return [
    "default-src 'self'",
    `script-src ${scripts.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Whether the client reached Tidings over https, as far as this request can tell. */
export function servedOverHttps({ forwardedProto, publicUrl }: { forwardedProto: string | null | undefined; publicUrl: string | undefined }): boolean {
  if (publicUrl?.startsWith('https://')) return true;
  return forwardedProto?.split(',').at(-1)?.trim().toLowerCase() === 'https';
}
