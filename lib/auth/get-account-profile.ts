import 'server-only';
import { db } from '../db';

/** What the account page shows of the signed-in user besides their email. */
export async function getAccountProfile(input: { userId: string }): Promise<{ name: string | null }> {
  const user = await db.user.findUnique({ where: { id: input.userId }, select: { name: true } });
  return { name: user?.name ?? null };
}
