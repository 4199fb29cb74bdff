import 'server-only';
import { env } from '../env';

/**
 * Where invitation links point: NEXTAUTH_URL when the operator set it (the public address),
 * otherwise the console's own origin as the browser sent it; console changes carry an
 * Origin that route() has checked against Host, so a forged one never gets this far.
 */
export function invitationBaseUrl(request: Request): string {
  const configured = env().NEXTAUTH_URL;
  if (configured) return configured;
  const origin = request.headers.get('origin');
  if (origin && origin !== 'null') return origin;
  return new URL(request.url).origin;
}
