// Ids (lib/ids.ts) are `<prefix>_` + 10 Crockford base32 characters of epoch
// milliseconds + 16 random characters, so every id created at or after a moment sorts
// at or after this string. Range-scanning the `(organizationId, id)` index from it reads
// only recent rows, however many older ones the table holds.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export function idFloorAt(prefix: string, at: Date): string {
  let remaining = Math.max(0, Math.floor(at.getTime()));
  let time = '';
  for (let index = 0; index < 10; index += 1) {
    time = ALPHABET[remaining % 32] + time;
    remaining = Math.floor(remaining / 32);
  }
  return `${prefix}_${time}`;
}
