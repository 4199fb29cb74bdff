import { NextResponse, type NextFetchEvent } from 'next/server';
import { withAuth, type NextRequestWithAuth } from 'next-auth/middleware';

// Console pages need a session; a signed-out visitor goes to the sign-in page.
// API routes authenticate themselves (API key or session) and answer 401 instead.
const requireSession = withAuth({ pages: { signIn: '/sign-in' } });

const SELF_AUTHENTICATED = /^\/(?:api\/|inbox\/|sign-in(?:\/|$)|_next\/|favicon\.ico$|robots\.txt$)/;

function decodes(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

export function proxy(request: NextRequestWithAuth, event: NextFetchEvent) {
  const { pathname } = request.nextUrl;
  // A path whose escapes decode to no text (a stray "%", broken UTF-8 such as %E0%A4%A)
  // makes Next's router fail while decoding the route's params, with a bare 500. It names
  // nothing that exists: answer 400 here, in the API's one error shape.
  if (!decodes(pathname)) {
    if (/^\/(?:api|inbox)\//.test(pathname)) {
      return NextResponse.json(
        { error: { code: 'validation_failed', message: 'The path is not valid: its percent-escapes do not decode to text' } },
        { status: 400 },
      );
    }
    return new NextResponse('Bad request: the address is not valid.', { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  if (SELF_AUTHENTICATED.test(pathname)) return NextResponse.next();
  return requireSession(request, event);
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
