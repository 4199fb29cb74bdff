// Where to go after signing in. Only a path on this origin: an open redirect after sign-in
// would send a user who trusted the console's address to a look-alike site. Browsers read
// a backslash as a slash and drop tabs and newlines inside URLs, so `/\evil.example` and
// `/\t/evil.example` are other hosts to a browser even though they start with one slash;
// their escaped forms (%5C, %09) are refused too, since a later decode would revive them.

const PLACEHOLDER_ORIGIN = 'http://tidings.invalid';

/**
 * A same-origin path (with query and fragment) for `value`, or "/" when it is anything
 * else. With `origin`, an absolute URL on exactly that origin is kept as its path.
 */
export function safeCallbackPath(value: unknown, origin?: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return '/';
  let candidate = value;
  if (origin && !candidate.startsWith('/')) {
    let absolute: URL;
    try {
      absolute = new URL(candidate);
    } catch {
      return '/';
    }
    if (absolute.origin !== new URL(origin).origin) return '/';
    candidate = `${absolute.pathname}${absolute.search}${absolute.hash}`;
  }
  if (!candidate.startsWith('/') || candidate.startsWith('//')) return '/';
  // Anything a browser might read as a host or strip: backslashes, control characters and
  // whitespace, raw or percent-escaped (any depth of escaping: %255C is %5C once decoded).
  if (/[\\\u0000-\u0020\u007f]/.test(candidate)) return '/';
  if (/%(?:25)*(?:5c|0[0-9a-f]|1[0-9a-f]|20|7f)/i.test(candidate)) return '/';
  // An escaped slash right after the first one is `//` once decoded.
  if (/^\/%(?:25)*2f/i.test(candidate)) return '/';
  let parsed: URL;
  try {
    parsed = new URL(candidate, PLACEHOLDER_ORIGIN);
  } catch {
    return '/';
  }
  if (parsed.origin !== PLACEHOLDER_ORIGIN) return '/';
  return `${parsed.pathname}${parsed.search}${parsed.hash}`;
}
