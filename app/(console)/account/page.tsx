import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { AccountPage } from '@/components/account/account-page';
import { ORGANIZATION_COOKIE, resolveSessionCaller } from '@/lib/auth/resolve-caller';
import { db } from '@/lib/db';

export const metadata: Metadata = { title: 'Account' };
export const dynamic = 'force-dynamic';

export default async function Account() {
  const caller = await resolveSessionCaller((await cookies()).get(ORGANIZATION_COOKIE)?.value);
  if (!caller || caller.kind !== 'user') redirect('/sign-in');
  const user = await db.user.findUnique({ where: { id: caller.userId }, select: { name: true, lastSignInAt: true } });
  return (
    <AccountPage
      email={caller.email}
      name={user?.name ?? null}
      currentOrganizationId={caller.organization.id}
      organizations={caller.organizations.map(({ id, name, slug, parentId, role }) => ({ id, name, slug, parentId, role }))}
    />
  );
}
