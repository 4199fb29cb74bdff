// Documents whose tables type ids as integers (Webconnex) get integers, whatever JSON type
// the platform used for the same id ("845123" or 845123).

/** The value as a safe integer, or undefined when it is not one (or a string of one). */
export function asInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^-?\d{1,15}$/.test(value.trim())) return Number(value.trim());
  return undefined;
}
