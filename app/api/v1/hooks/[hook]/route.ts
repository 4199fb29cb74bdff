import { kajabiHookSample } from '@/lib/hooks/kajabi-hook-sample';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

// GET /api/v1/hooks/{event}_sample (Kajabi): the body a hook for that event receives.
export const GET = route({ auth: 'any' }, ({ params }) => kajabiHookSample(params.hook));
