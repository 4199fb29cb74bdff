import { AppError } from '@/lib/errors';
import { errorResponse } from '@/lib/http/route';

// Any path under /api/ that no route serves: a JSON 404 in the API's error shape, not the
// console's HTML not-found page. (Next prefers every more specific route over this one.)

export const dynamic = 'force-dynamic';

function notFound(request: Request): Response {
  const { pathname } = new URL(request.url);
  return errorResponse(new AppError('not_found', `No API route at ${pathname}; see /api/v1/openapi.json`));
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE, notFound as HEAD, notFound as OPTIONS };
