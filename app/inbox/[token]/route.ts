import { readBodyText } from '@/lib/http/read-json-body';
import { errorResponse } from '@/lib/http/route';
import { AppError } from '@/lib/errors';
import { recordInboxRequest } from '@/lib/inbox/record-inbox-request';

export const dynamic = 'force-dynamic';

async function receive(request: Request, context: { params: Promise<{ token: string }> }): Promise<Response> {
  try {
    const { token } = await context.params;
    const body = await readBodyText(request);
    return Response.json(await recordInboxRequest({ token, method: request.method, headers: request.headers, body }));
  } catch (error) {
    return errorResponse(error instanceof AppError ? error : new AppError('internal_error', 'Could not record the request'));
  }
}

export { receive as POST, receive as PUT };
