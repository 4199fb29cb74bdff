import nationBuilderContact from './seed-examples/nationbuilder.contact.json' with { type: 'json' };
import nationBuilderDonation from './seed-examples/nationbuilder.donation.json' with { type: 'json' };
import nationBuilderPerson from './seed-examples/nationbuilder.person.json' with { type: 'json' };
import siteStackerContributionCreate from './seed-examples/sitestacker.contribution_create.json' with { type: 'json' };
import siteStackerPersonTypeAssignment from './seed-examples/sitestacker.person_type_assignment.json' with { type: 'json' };

// The example bodies of the seed documents, copied verbatim into ./seed-examples (the
// NationBuilder "Samples" and Site Stacker "Payload" blocks), and the one rule tests judge a
// body by: every path of the example is there, with the JSON type the example shows
// (an integer stays an integer, a string a string), and a value where the example has one.

export const DOCUMENT_EXAMPLES = {
  nationBuilderPerson,
  nationBuilderDonation,
  nationBuilderContact,
  siteStackerContributionCreate,
  siteStackerPersonTypeAssignment,
} as const;

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * Where `actual` departs from `example`: a path the example has and `actual` lacks, a null
 * (or a missing value) where the example shows a value, or another JSON type. A null in the
 * example only asks for the key. An integer in the example accepts only integers; a
 * fraction accepts any number. Array elements are judged by the example's first element.
 */
export function departuresFromExample(example: unknown, actual: unknown, path = ''): string[] {
  const here = path || '(body)';
  const expected = kindOf(example);
  if (expected === 'null') return [];
  const found = kindOf(actual);
  if (actual === undefined) return [`${here}: missing (the document shows ${JSON.stringify(example)})`];
  if (found === 'null') return [`${here}: null where the document shows ${JSON.stringify(example)}`];
  const compatible = expected === found || (expected === 'number' && found === 'integer');
  if (!compatible) return [`${here}: ${found} ${JSON.stringify(actual)} where the document shows the ${expected} ${JSON.stringify(example)}`];
  if (expected === 'array') {
    const [first] = example as unknown[];
    if (first === undefined) return [];
    return (actual as unknown[]).flatMap((element, index) => departuresFromExample(first, element, `${path}[${index}]`));
  }
  if (expected === 'object') {
    const record = actual as Record<string, unknown>;
    return Object.entries(example as Record<string, unknown>).flatMap(([key, value]) => {
      const childPath = path ? `${path}.${key}` : key;
      if (!(key in record)) return [`${childPath}: missing (the document shows ${JSON.stringify(value)})`];
      return departuresFromExample(value, record[key], childPath);
    });
  }
  return [];
}

/** Every path of a JSON value ("payload.donation.donor.id"), objects only (arrays are leaves). */
export function pathsOf(value: unknown, prefix = ''): string[] {
  if (kindOf(value) !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return [path, ...pathsOf(child, path)];
  });
}
