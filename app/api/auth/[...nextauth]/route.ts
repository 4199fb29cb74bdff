import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/auth-options';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

type Handler = (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
  return (NextAuth(authOptions()) as Handler)(request, context);
}

export { handler as GET, handler as POST };

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['GET', 'POST']);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
