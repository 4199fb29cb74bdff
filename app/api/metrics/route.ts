import { refuseMetricsScrape } from '@/lib/auth/authorize-metrics-scrape';
import { renderMetrics } from '@/lib/metrics/render-metrics';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const refusal = refuseMetricsScrape(request);
  if (refusal) {
    return new Response(`# ${refusal.message}\n`, { status: refusal.status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  try {
    const { body, contentType } = await renderMetrics();
    return new Response(body, { headers: { 'content-type': contentType } });
  } catch {
    return new Response('# metrics unavailable: the database did not answer\n', { status: 503 });
  }
}
