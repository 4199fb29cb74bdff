import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { ConsoleShell } from '@/components/console/console-shell';
import { ORGANIZATION_COOKIE, resolveSessionCaller } from '@/lib/auth/resolve-caller';

export const dynamic = 'force-dynamic';

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const selected = (await cookies()).get(ORGANIZATION_COOKIE)?.value;
  const caller = await resolveSessionCaller(selected);
  // A revoked or expired session lands on sign-in, not on an error.
  if (!caller || caller.kind !== 'user') redirect('/sign-in');
  return (
    <ConsoleShell
      user={{ email: caller.email, role: caller.role }}
      organization={caller.organization}
      organizations={caller.organizations}
    >
      {children}
    </ConsoleShell>
  );
}
