import type { FieldIssue } from '../errors';

// What a format cannot send without, decided per format and field (docs/wire-formats.md#what-a-format-needs):
// where no fallback of the documented type would tell the truth, ingestion refuses an event
// that a webhook in that format would receive (400 naming the field and the format).
//
// - sitestacker: contribution_create's whole payload is `{"contribution_batch_id": "9"}`, which
//   receivers look up through Site Stacker's batches API; no other id can stand in for it.
// - nationbuilder: the donation webhooks' payload is `{"donation": {…}}`; a batch id alone
//   is no donation.

type Rule = { format: string; applies: (type: string) => boolean; field: string; why: string };

const RULES: readonly Rule[] = [
  {
    format: 'sitestacker',
    applies: (type) => type === 'donation.created',
    field: 'contribution_batch_id',
    why: 'its contribution_create payload is the contribution batch id',
  },
  {
    format: 'nationbuilder',
    applies: (type) => type.startsWith('donation.'),
    field: 'donation',
    why: 'its donation payload is the donation',
  },
];

/** The fields an event of `type` lacks that the given formats need; empty when it can go out in all of them. */
export function missingForFormats(type: string, data: Record<string, unknown>, formats: readonly string[]): FieldIssue[] {
  return RULES.filter((rule) => formats.includes(rule.format) && rule.applies(type) && data[rule.field] == null).map((rule) => ({
    path: `data.${rule.field}`,
    message: `A webhook receives ${type} in the ${rule.format} format, and ${rule.why}: send data.${rule.field}`,
  }));
}
