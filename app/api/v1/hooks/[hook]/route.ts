import { kajabiHookSample } from '@/lib/hooks/kajabi-hook-sample';
import { route } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

// GET /api/v1/hooks/{event}_sample (Kajabi): the body a hook for that event receives.
export const GET = route({ auth: 'any', openapi: { summary: 'Kajabi: `GET /hooks/{event}_sample`, the body a hook for that event receives', tag: 'Kajabi hooks' } }, ({ params }) => kajabiHookSample(params.hook));

// The methods this route does not serve: a JSON 405 with Allow (lib/http/method-not-allowed.ts).
const notAllowed = methodNotAllowed(['GET']);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
