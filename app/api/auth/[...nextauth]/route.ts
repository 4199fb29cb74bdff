import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/auth-options';

type Handler = (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
  return (NextAuth(authOptions()) as Handler)(request, context);
}

export { handler as GET, handler as POST };
