import { renderMetrics } from '@/lib/metrics/render-metrics';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  try {
    const { body, contentType } = await renderMetrics();
    return new Response(body, { headers: { 'content-type': contentType } });
  } catch {
    return new Response('# metrics unavailable: the database did not answer\n', { status: 503 });
  }
}
