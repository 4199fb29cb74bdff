// Secrets never reach the audit log: signing secrets, API tokens, custom header values,
// passwords, API keys and shared tokens are replaced by a mask (docs/security-model.md#audit-log).
// A changed secret still shows that it changed: before and after are both masked, and
// null stays null (set → unset is visible).

export const MASK = '••••••';

const SECRET_FIELD = /secret|token|password|apikey|^key$|customheaders|authorization/i;

function maskValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  // Custom headers: the names are not secret, their values are.
  if (typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(Object.keys(value as Record<string, unknown>).map((name) => [name, (value as Record<string, unknown>)[name] === null ? null : MASK]));
  }
  return MASK;
}

export function maskSecrets(changes: Record<string, unknown>): Record<string, unknown> {
  const masked: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(changes)) {
    if (!SECRET_FIELD.test(field)) {
      // A date is a value, not an object of fields: kept as the ISO text JSON would make of it.
      if (value instanceof Date) {
        masked[field] = value.toISOString();
        continue;
      }
      const nested = typeof value === 'object' && value !== null && !Array.isArray(value);
      masked[field] = nested ? maskSecrets(value as Record<string, unknown>) : value;
      continue;
    }
    const isDiff = typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).every((key) => key === 'before' || key === 'after') && Object.keys(value).length > 0;
    masked[field] = isDiff
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, maskValue(inner)]))
      : maskValue(value);
  }
  return masked;
}
