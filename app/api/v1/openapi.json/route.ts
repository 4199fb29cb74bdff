import { declareOperation } from '@/lib/http/openapi';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-static';

// The index of operations imports every route module, this one included: it is loaded when
// the document is built, not when this module is, so that neither waits for the other.
export const GET = declareOperation(
  async (): Promise<Response> => {
    const { buildOpenApiDocument } = await import('../operations');
    return Response.json(buildOpenApiDocument());
  },
  { summary: 'This document', auth: null, success: 200, tag: 'Meta' },
);

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['GET']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
