import 'server-only';
import { pool } from '../db';
import { sealCustomHeaders } from './custom-headers';

/**
 * Encrypts custom header values stored in plain text before they were secrets (migration
 * 20261202141139_custom_header_values_encrypted moved them to "legacyCustomHeaders": SQL
 * cannot encrypt with the application's key). `npm start` and every CLI command run it
 * right after migrating; it is idempotent and cheap when nothing is left. Returns how
 * many webhooks it sealed.
 */
export async function sealLegacyCustomHeaders(): Promise<number> {
  const { rows } = await pool().query<{ id: string; legacyCustomHeaders: unknown }>(
    `select id, "legacyCustomHeaders" from "Webhook" where "legacyCustomHeaders" is not null`,
  );
  for (const row of rows) {
    const legacy = row.legacyCustomHeaders;
    const headers =
      legacy && typeof legacy === 'object' && !Array.isArray(legacy)
        ? Object.fromEntries(Object.entries(legacy).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
        : {};
    const sealed = sealCustomHeaders(headers);
    // Only if still unsealed: a PATCH of the headers meanwhile cleared the plain copy and wins.
    await pool().query(
      `update "Webhook" set "customHeaderNames" = $2, "customHeadersEncrypted" = $3, "legacyCustomHeaders" = null
       where id = $1 and "legacyCustomHeaders" is not null`,
      [row.id, sealed.customHeaderNames, sealed.customHeadersEncrypted],
    );
  }
  return rows.length;
}
