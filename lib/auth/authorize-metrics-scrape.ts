import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import { env } from '../env';
import { isLoopbackAddress, readStampedClientAddress } from '../http/client-address';

// /api/metrics tells whoever reads it how busy each queue is and how deliveries fare: not
// public (issue 12 item 11). With TIDINGS_METRICS_TOKEN set, a scrape must present it as a
// bearer token; unset, only this machine may scrape, by the address our web server decided
// (a client's X-Forwarded-For cannot make it loopback; a bare `next start` has no such
// address and is refused).

export type MetricsScrapeRefusal = { status: 403; message: string };

function sameToken(given: string, expected: string): boolean {
  // Hashing first makes the comparison's length and time independent of the guess.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Null when the request may read the metrics; otherwise why not. */
export function refuseMetricsScrape(request: Request): MetricsScrapeRefusal | null {
  const configuration = env();
  const token = configuration.TIDINGS_METRICS_TOKEN;
  if (token) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
    if (match && sameToken(match[1], token)) return null;
    return { status: 403, message: 'Send "Authorization: Bearer <TIDINGS_METRICS_TOKEN>" to read the metrics' };
  }
  const address = readStampedClientAddress((name) => request.headers.get(name), configuration.NEXTAUTH_SECRET);
  if (address && isLoopbackAddress(address)) return null;
  return { status: 403, message: 'The metrics answer only to this machine; set TIDINGS_METRICS_TOKEN to scrape them from elsewhere' };
}
