'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { useCallback, useRef, useState } from 'react';
import { anchorFromElement, Menu, type MenuAnchor } from '@/components/ui/menu';
import { ConsoleContext, type ConsoleUser } from './console-context';
import { OrganizationSwitcher, type OrganizationOption } from './organization-switcher';

const NAVIGATION = [
  { href: '/', label: 'Dashboard' },
  { href: '/webhooks', label: 'Webhooks' },
  { href: '/deliveries', label: 'Deliveries' },
  { href: '/forms', label: 'Forms' },
  { href: '/api-keys', label: 'API keys' },
  { href: '/inbox', label: 'Inbox' },
  { href: '/team', label: 'Team' },
  { href: '/settings', label: 'Settings' },
  // The audit log is for owners and admins (the audit:read scope), as the API decides.
  { href: '/audit-log', label: 'Audit log', roles: ['owner', 'admin'] },
];

/** Ends every session of this user on the server; the message of what went wrong, or null. */
async function signOutEverywhere(): Promise<string | null> {
  try {
    const response = await fetch('/api/auth/sign-out-everywhere', { method: 'POST', headers: { 'content-type': 'application/json' } });
    if (response.ok || response.status === 401) return null;
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    return body?.error?.message ?? `Signing out everywhere failed (${response.status}); try again.`;
  } catch {
    return 'Signing out everywhere failed: the server did not answer; try again.';
  }
}

export function ConsoleShell({
  user,
  organization,
  organizations,
  children,
}: {
  user: ConsoleUser;
  organization: OrganizationOption;
  organizations: OrganizationOption[];
  children: React.ReactNode;
}) {
  const pathname = usePathname();
  const router = useRouter();
  const [menuOpen, setMenuOpen] = useState(false);
  const [userMenu, setUserMenu] = useState<MenuAnchor | null>(null);
  const userMenuTrigger = useRef<HTMLButtonElement>(null);
  const closeUserMenu = useCallback(() => setUserMenu(null), []);
  const [signOutProblem, setSignOutProblem] = useState<string | null>(null);
  // The dashboard lives at "/", which every path starts with: it is active on itself only.
  const navigation = NAVIGATION.filter((item) => !('roles' in item) || (item.roles as readonly string[]).includes(user.role));
  const isActive = (href: string) => pathname === href || (href !== '/' && pathname.startsWith(`${href}/`));

  return (
    <ConsoleContext.Provider value={{ user, organization }}>
      <div className="min-h-screen">
        {/* The first stop of the keyboard: past the header and the navigation, to the page's content. */}
        <a
          href="#content"
          className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium text-brand-700 shadow focus:not-sr-only focus:absolute focus:left-4 focus:top-3 focus:z-50 focus:ring-2 focus:ring-brand-500"
          data-testid="skip-to-content"
        >
          Skip to content
        </a>
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex h-14 max-w-6xl items-center gap-3 px-4 sm:gap-4">
            <Link href="/" className="flex items-center gap-2 font-semibold text-slate-900">
              <span className="flex h-7 w-7 items-center justify-center rounded-md bg-brand-600 text-sm font-bold text-white">T</span>
              <span className="hidden sm:inline">Tidings</span>
            </Link>
            <OrganizationSwitcher current={organization} organizations={organizations} />
            {/* Nine links need the room of a large screen; below that they sit behind the menu button. */}
            <nav aria-label="Main" className="hidden flex-1 items-center gap-0.5 lg:flex">
              {navigation.map((item) => (
                <Link
                  key={item.href}
                  href={item.href}
                  aria-current={isActive(item.href) ? 'page' : undefined}
                  className={`whitespace-nowrap rounded-md px-2 py-1.5 text-sm font-medium ${
                    isActive(item.href) ? 'bg-slate-100 text-slate-900' : 'text-slate-600 hover:bg-slate-50 hover:text-slate-900'
                  }`}
                >
                  {item.label}
                </Link>
              ))}
            </nav>
            <div className="ml-auto flex items-center gap-3">
              <span className="hidden max-w-56 truncate text-sm text-slate-500 2xl:inline" data-testid="signed-in-user" title={`${user.email} · ${user.role}`}>
                {user.email} · {user.role}
              </span>
              <button
                type="button"
                onClick={() => void signOut({ callbackUrl: '/sign-in' })}
                className="hidden whitespace-nowrap rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 sm:inline-flex"
              >
                Sign out
              </button>
              <button
                ref={userMenuTrigger}
                type="button"
                aria-label={`User menu: ${user.email} (${user.role})`}
                title={`${user.email} · ${user.role}`}
                aria-haspopup="menu"
                aria-expanded={userMenu !== null}
                aria-controls={userMenu ? 'user-menu' : undefined}
                data-testid="user-menu"
                onClick={(event) => setUserMenu(userMenu ? null : anchorFromElement(event.currentTarget))}
                className="rounded-md border border-slate-300 p-1.5 text-slate-600 hover:bg-slate-50"
              >
                <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
                  <circle cx="8" cy="5.5" r="2.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
                  <path d="M3 13.5c.8-2.4 2.7-3.5 5-3.5s4.2 1.1 5 3.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
                </svg>
              </button>
              <button
                type="button"
                className="rounded-md p-1.5 text-slate-600 hover:bg-slate-100 lg:hidden"
                aria-expanded={menuOpen}
                aria-controls="mobile-navigation"
                aria-label="Menu"
                onClick={() => setMenuOpen((open) => !open)}
              >
                <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">
                  <path d="M3 5h14M3 10h14M3 15h14" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
                </svg>
              </button>
            </div>
          </div>
          {menuOpen ? (
            <nav id="mobile-navigation" aria-label="Main" className="border-t border-slate-100 px-4 py-2 lg:hidden">
              {navigation.map((item) => (
                <Link
                  key={item.href}
                  href={item.href}
                  onClick={() => setMenuOpen(false)}
                  aria-current={isActive(item.href) ? 'page' : undefined}
                  className={`block rounded-md px-3 py-2 text-sm font-medium ${
                    isActive(item.href) ? 'bg-slate-100 text-slate-900' : 'text-slate-700 hover:bg-slate-50'
                  }`}
                >
                  {item.label}
                </Link>
              ))}
              {/* On a phone the header has no room for these. */}
              <div className="mt-2 flex items-center justify-between gap-3 border-t border-slate-100 px-3 pt-3 pb-1 sm:hidden">
                <span className="min-w-0 truncate text-sm text-slate-500">
                  {user.email} · {user.role}
                </span>
                <button
                  type="button"
                  onClick={() => void signOut({ callbackUrl: '/sign-in' })}
                  className="whitespace-nowrap rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50"
                >
                  Sign out
                </button>
              </div>
            </nav>
          ) : null}
        </header>
        <Menu
          id="user-menu"
          label={`Signed in as ${user.email}`}
          anchor={userMenu}
          onClose={closeUserMenu}
          returnFocusTo={userMenuTrigger.current}
          testId="user-menu-items"
          items={[
            { key: 'account', label: 'Account', onSelect: () => router.push('/account') },
            { key: 'sign-out', label: 'Sign out', onSelect: () => void signOut({ callbackUrl: '/sign-in' }) },
            {
              key: 'sign-out-everywhere',
              label: 'Sign out everywhere',
              tone: 'danger',
              separated: true,
              onSelect: () => {
                void signOutEverywhere().then((problem) => (problem ? setSignOutProblem(problem) : signOut({ callbackUrl: '/sign-in' })));
              },
            },
          ]}
        />
        {signOutProblem ? (
          <div role="alert" className="mx-auto mt-4 max-w-6xl rounded-md border border-red-200 bg-red-50 px-4 py-2 text-sm text-red-700">
            {signOutProblem}
          </div>
        ) : null}
        <main id="content" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 outline-none">
          {children}
        </main>
      </div>
    </ConsoleContext.Provider>
  );
}
