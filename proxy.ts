import { NextResponse, type NextFetchEvent } from 'next/server';
import { withAuth, type NextRequestWithAuth } from 'next-auth/middleware';
import { findLiveSessionUser } from './lib/auth/console-sessions';
import { contentSecurityPolicy, FIXED_SECURITY_HEADERS, servedOverHttps, STRICT_TRANSPORT_SECURITY } from './lib/http/security-headers';

// Console pages need a live session: a valid cookie whose session has not ended on the
// server (signed out, signed out everywhere, user disabled). A signed-out visitor goes to
// the sign-in page. API routes authenticate themselves (API key or session) and answer 401.
// The invitation page is for people who have no account yet.
const requireSession = withAuth({
  pages: { signIn: '/sign-in' },
  callbacks: { authorized: async ({ token }) => token !== null && (await findLiveSessionUser(token).catch(() => null)) !== null },
});

// The consumer portal (/portal/<token>) is authenticated by its link's token, never by a session;
// an invitation page by the token in its fragment.
const SELF_AUTHENTICATED = /^\/(?:api\/|inbox\/|portal\/|sign-in(?:\/|$)|invitation(?:\/|$)|_next\/|favicon\.ico$|icon\.svg$|robots\.txt$)/;

function decodes(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

/** The security headers on every answer that passes through here, redirects and errors included. */
function withSecurityHeaders(response: Response, policy: string, https: boolean): Response {
  response.headers.set('Content-Security-Policy', policy);
  for (const [name, value] of Object.entries(FIXED_SECURITY_HEADERS)) response.headers.set(name, value);
  if (https) response.headers.set('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
  return response;
}

export async function proxy(request: NextRequestWithAuth, event: NextFetchEvent) {
  const { pathname } = request.nextUrl;
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const policy = contentSecurityPolicy({ nonce, development: process.env.NODE_ENV === 'development' });
  const https = servedOverHttps({ forwardedProto: request.headers.get('x-forwarded-proto'), publicUrl: process.env.NEXTAUTH_URL });
  const secured = (response: Response) => withSecurityHeaders(response, policy, https);

  // A path whose escapes decode to no text (a stray "%", broken UTF-8 such as %E0%A4%A)
  // makes Next's router fail while decoding the route's params, with a bare 500. It names
  // nothing that exists: answer 400 here, in the API's one error shape.
  if (!decodes(pathname)) {
    if (/^\/(?:api|inbox)\//.test(pathname)) {
      return secured(
        NextResponse.json(
          { error: { code: 'validation_failed', message: 'The path is not valid: its percent-escapes do not decode to text' } },
          { status: 400 },
        ),
      );
    }
    return secured(new NextResponse('Bad request: the address is not valid.', { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
  }

  // Next reads the nonce from the request's policy and stamps it on the scripts it writes.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('Content-Security-Policy', policy);
  requestHeaders.set('x-nonce', nonce);
  const next = () => NextResponse.next({ request: { headers: requestHeaders } });

  if (SELF_AUTHENTICATED.test(pathname)) return secured(next());
  const decided = await requireSession(request, event);
  // withAuth answers a redirect to sign-in, or nothing when the session may pass.
  if (decided) return secured(decided);
  return secured(next());
}

export const config = {
  // Everything, static files too: each response carries the security headers.
  matcher: ['/:path*'],
};
