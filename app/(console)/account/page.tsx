import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { AccountPage } from '@/components/account/account-page';
import { ORGANIZATION_COOKIE, resolveSessionCaller } from '@/lib/auth/resolve-caller';
import { getAccountProfile } from '@/lib/auth/get-account-profile';

export const metadata: Metadata = { title: 'Account' };
export const dynamic = 'force-dynamic';

export default async function Account() {
  const caller = await resolveSessionCaller((await cookies()).get(ORGANIZATION_COOKIE)?.value);
  if (!caller || caller.kind !== 'user') redirect('/sign-in');
  const profile = await getAccountProfile({ userId: caller.userId });
  return (
    <AccountPage
      email={caller.email}
      name={profile.name}
      currentOrganizationId={caller.organization.id}
      organizations={caller.organizations.map(({ id, name, slug, parentId, role }) => ({ id, name, slug, parentId, role }))}
    />
  );
}
