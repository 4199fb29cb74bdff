import 'server-only';
import { env } from '../env';
import { addressRateLimitKey, readStampedClientAddress } from '../http/client-address';
import { consumeRateLimit, LIMITS } from '../http/rate-limit';

/**
 * One attempt at an invitation link from this client's address (as our web server signed
 * it, lib/http/client-address.ts). Requests that did not come through it share one budget:
 * without a believable address, everyone is one client.
 */
export async function consumeInvitationAttempt(request: Request): Promise<void> {
  const address = readStampedClientAddress((name) => request.headers.get(name), env().NEXTAUTH_SECRET);
  await consumeRateLimit(LIMITS.invitationAddress, address ? addressRateLimitKey(address) : 'unstamped', 'Too many invitation attempts');
}
