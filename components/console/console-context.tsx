'use client';

import { createContext, useContext } from 'react';
import type { OrganizationOption } from './organization-switcher';

export type ConsoleUser = { email: string; role: 'owner' | 'admin' | 'viewer' };

export const ConsoleContext = createContext<{ user: ConsoleUser; organization: OrganizationOption } | null>(null);

export function useConsole() {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error('useConsole must be used inside the console layout');
  return { ...value, canEdit: value.user.role !== 'viewer' };
}
