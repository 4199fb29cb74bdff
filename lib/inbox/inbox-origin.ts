import 'server-only';
import { env } from '../env';

/**
 * The origin inbox URLs are given with. The worker posts to them from this server, so
 * the configured public URL (what `npm start` seeded the demo webhooks with) wins over
 * whatever host name the browser happened to use.
 */
export function inboxOrigin(request: Request): string {
  const configured = env().NEXTAUTH_URL;
  if (configured) return new URL(configured).origin;
  const forwardedHost = request.headers.get('x-forwarded-host');
  if (forwardedHost) return `${request.headers.get('x-forwarded-proto') ?? 'https'}://${forwardedHost}`;
  return new URL(request.url).origin;
}
