import { randomBytes } from 'node:crypto';

// Crockford base32: ids sort by creation time, which keyset pagination relies on.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export type IdPrefix = 'aud' | 'org' | 'usr' | 'mem' | 'key' | 'form' | 'evt' | 'wh' | 'msg' | 'att' | 'idem' | 'inbox' | 'req' | 'ses' | 'inv' | 'plk';

let lastTime = 0;
let lastRandom: number[] = [];

/** A prefixed id: 10 chars of milliseconds then 16 random chars, monotonic within a process. */
export function createId(prefix: IdPrefix): string {
  const now = Date.now();
  let random: number[];
  if (now === lastTime) {
    random = incrementRandom(lastRandom);
  } else {
    random = Array.from(randomBytes(16), (byte) => byte & 31);
    lastTime = now;
  }
  lastRandom = random;
  let time = '';
  let remaining = now;
  for (let index = 0; index < 10; index += 1) {
    time = ALPHABET[remaining % 32] + time;
    remaining = Math.floor(remaining / 32);
  }
  return `${prefix}_${time}${random.map((value) => ALPHABET[value]).join('')}`;
}

function incrementRandom(previous: number[]): number[] {
  const next = [...previous];
  for (let index = next.length - 1; index >= 0; index -= 1) {
    if (next[index] < 31) {
      next[index] += 1;
      return next;
    }
    next[index] = 0;
  }
  return next;
}
