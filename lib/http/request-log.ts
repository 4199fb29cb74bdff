// What the web server (scripts/web-server.ts) writes about a request: some paths carry a
// credential, and a log is read by more people than the link's holder
// (docs/security-model.md#the-web-apps-doors). The consumer portal's token
// (/portal/<token>, /api/portal/<token>/…), an inbox's (/inbox/<token>) and an invitation's
// (/invitation#<token>: the fragment never reaches a server, but a link pasted wrongly may
// carry it in the path or query) are masked wherever they appear in a line: in the URL, and
// in an error's message or stack that repeats it.

const MASK = '••••••••';

const TOKEN_PATTERNS: [RegExp, string][] = [
  // The segment after /portal/ or /inbox/, whatever it holds (escaped characters included).
  [/(\/(?:portal|inbox)\/)[^/?#\s"'`]+/gi, `$1${MASK}`],
  // Anything after /invitation (not /invitations, the API's ids) up to the end of the URL.
  [/(\/invitation)[/?#][^\s"'`]*/gi, `$1/${MASK}`],
  // The tokens' own prefixes, wherever else they show up.
  [/\btd[ip]_[A-Za-z0-9_-]{8,}/g, MASK],
];

/** The text with every portal, inbox and invitation token replaced by a mask. */
export function maskRequestUrl(text: string): string {
  return TOKEN_PATTERNS.reduce((masked, [pattern, replacement]) => masked.replace(pattern, replacement), text);
}

/** Logs a request the app failed to answer: its URL and the error, tokens masked. */
export function logFailedRequest(url: string | undefined, error: unknown, write: (line: string) => void = (line) => console.error(line)): void {
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  write(maskRequestUrl(`[tidings web] request for ${url ?? '(no URL)'} failed: ${detail}`));
}

type ConsoleLike = Pick<Console, 'log' | 'info' | 'warn' | 'error'>;

/**
 * Masks tokens in everything written through `target`'s methods: Next.js logs some failures
 * itself (console.error), and their text may repeat the URL. Arguments are formatted as
 * console would (util.format), then masked.
 */
export function maskConsoleOutput(target: ConsoleLike, format: (...args: unknown[]) => string): void {
  for (const method of ['log', 'info', 'warn', 'error'] as const) {
    const original = target[method].bind(target);
    target[method] = (...args: unknown[]) => original(maskRequestUrl(format(...args)));
  }
}
