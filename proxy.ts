import { withAuth } from 'next-auth/middleware';

// Console pages need a session; a signed-out visitor goes to the sign-in page.
// API routes authenticate themselves (API key or session) and answer 401 instead.
export const proxy = withAuth({ pages: { signIn: '/sign-in' } });

export const config = {
  matcher: ['/((?!api/|inbox/|sign-in|_next/|favicon.ico|robots.txt).*)'],
};
