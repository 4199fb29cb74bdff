'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { ConsoleContext, type ConsoleUser } from './console-context';
import { OrganizationSwitcher, type OrganizationOption } from './organization-switcher';

const NAVIGATION = [
  { href: '/', label: 'Dashboard' },
  { href: '/webhooks', label: 'Webhooks' },
  { href: '/deliveries', label: 'Deliveries' },
  { href: '/forms', label: 'Forms' },
  { href: '/api-keys', label: 'API keys' },
  { href: '/inbox', label: 'Inbox' },
  { href: '/settings', label: 'Settings' },
];

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
  const [menuOpen, setMenuOpen] = useState(false);
  // The dashboard lives at "/", which every path starts with: it is active on itself only.
  const isActive = (href: string) => pathname === href || (href !== '/' && pathname.startsWith(`${href}/`));

  return (
    <ConsoleContext.Provider value={{ user, organization }}>
      <div className="min-h-screen">
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex h-14 max-w-6xl items-center gap-3 px-4 sm:gap-4">
            <Link href="/" className="flex items-center gap-2 font-semibold text-slate-900">
              <span className="flex h-7 w-7 items-center justify-center rounded-md bg-brand-600 text-sm font-bold text-white">T</span>
              <span className="hidden sm:inline">Tidings</span>
            </Link>
            <OrganizationSwitcher current={organization} organizations={organizations} />
            {/* Eight links need the room of a large screen; below that they sit behind the menu button. */}
            <nav aria-label="Main" className="hidden flex-1 items-center gap-0.5 lg:flex">
              {NAVIGATION.map((item) => (
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
              <span className="hidden max-w-56 truncate text-sm text-slate-500 xl:inline" data-testid="signed-in-user" title={`${user.email} · ${user.role}`}>
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
              {NAVIGATION.map((item) => (
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
        <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
      </div>
    </ConsoleContext.Provider>
  );
}
