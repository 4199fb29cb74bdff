import { AppError } from '../errors';

// Reading a request body and making sure its JSON is safe to keep: a size limit enforced
// while reading, and nothing PostgreSQL cannot store or a parser cannot walk.

export const MAX_BODY_BYTES = 256 * 1024;

/** How deep a JSON body may nest: far beyond any real payload, well short of any recursion limit. */
export const MAX_JSON_DEPTH = 64;

export type JsonProblem = { path: string; kind: 'unstorable_text' | 'too_deep' };

/** Reads the body as text, refusing (413) as soon as it passes the limit rather than after buffering it. */
export async function readBodyText(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    throw new AppError('payload_too_large', `Request bodies are limited to ${limit / 1024} KB`);
  }
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new AppError('payload_too_large', `Request bodies are limited to ${limit / 1024} KB`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The first string or key PostgreSQL could not store (NUL, unpaired surrogates), or the
 * first value nested deeper than MAX_JSON_DEPTH. Iterative: a body of 100,000 nested
 * arrays is an answer (400), not a stack overflow (500).
 */
export function findJsonProblem(root: unknown): JsonProblem | null {
  const unstorable = (text: string) => text.includes('\u0000') || !text.isWellFormed();
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (unstorable(value)) return { path, kind: 'unstorable_text' };
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return { path, kind: 'too_deep' };
    const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const [key, item] = entries[index];
      const itemPath = path ? `${path}.${key}` : key;
      if (!Array.isArray(value) && unstorable(key)) return { path: itemPath, kind: 'unstorable_text' };
      stack.push({ value: item, path: itemPath, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * The request body as parsed JSON (an empty body is `{}`), refused with the API's errors
 * when it is too large (413), not JSON (415, 400), or holds what cannot be stored (400).
 */
export async function readJsonBody(request: Request, limit = MAX_BODY_BYTES): Promise<unknown> {
  const text = await readBodyText(request, limit);
  let data: unknown;
  if (text.trim() === '') {
    data = {};
  } else {
    const contentType = request.headers.get('content-type') ?? '';
    if (contentType && !/\bjson\b/i.test(contentType)) {
      throw new AppError('unsupported_media_type', 'Send the body as application/json');
    }
    try {
      data = JSON.parse(text);
    } catch {
      throw new AppError('invalid_json', 'The body is not valid JSON');
    }
  }
  // PostgreSQL text and jsonb cannot hold NUL or unpaired surrogates, and nothing should
  // recurse through a pathological nesting: refuse both here rather than fail deeper.
  const problem = findJsonProblem(data);
  if (problem?.kind === 'unstorable_text') {
    throw new AppError('validation_failed', 'Text cannot contain NUL characters or unpaired surrogates', {
      issues: [{ path: problem.path, message: 'Remove NUL (\\u0000) characters and unpaired surrogates' }],
    });
  }
  if (problem?.kind === 'too_deep') {
    throw new AppError('validation_failed', `The body nests deeper than ${MAX_JSON_DEPTH} levels`, {
      issues: [{ path: problem.path, message: `Nest objects and arrays at most ${MAX_JSON_DEPTH} levels deep` }],
    });
  }
  return data;
}
