import { AppError } from '../errors';

// Opaque cursors: the last row's id (ids sort by creation time), base64url-encoded.
export function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[a-z]+_[0-9a-z]{10,40}$/.test(id)) {
    throw new AppError('validation_failed', 'The cursor is not valid', { issues: [{ path: 'cursor', message: 'Use the nextCursor of a previous page' }] });
  }
  return id;
}

export function pageOf<T extends { id: string }>(rows: T[], limit: number): { rows: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].id) : null };
}
