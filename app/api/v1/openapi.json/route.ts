import { buildOpenApiDocument } from '@/lib/http/openapi';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-static';

export function GET(): Response {
  return Response.json(buildOpenApiDocument());
}

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['GET']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
