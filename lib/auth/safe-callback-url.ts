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
  const path = `${parsed.pathname}${parsed.search}${parsed.hash}`;
  return staysOnOrigin(path) ? path : '/';
}

/**
 * The last word on the result: dot segments may collapse into a leading `//` (`/.//evil.com`
 * normalizes to `//evil.com`, another host), and a later decode may turn `%2f` into one. So
 * the path must start with one `/` followed by neither `/` nor `\`, and so must every form
 * of it decoded again (up to three times), resolved on this origin.
 */
function staysOnOrigin(path: string): boolean {
  let form = path;
  for (let depth = 0; depth < 4; depth += 1) {
    if (form !== '/' && !/^\/[^/\\]/.test(form)) return false;
    let resolved: URL;
    try {
      resolved = new URL(form, PLACEHOLDER_ORIGIN);
    } catch {
      return false;
    }
    if (resolved.origin !== PLACEHOLDER_ORIGIN || /^\/[/\\]/.test(resolved.pathname)) return false;
    // Decoded the lenient way (each valid %XX, whatever surrounds it), as the loosest layer would.
    const decoded = form.replace(/%[0-9a-f]{2}/gi, (escape) => String.fromCharCode(Number.parseInt(escape.slice(1), 16)));
    if (decoded === form) return true;
    form = decoded;
  }
  return false;
}
