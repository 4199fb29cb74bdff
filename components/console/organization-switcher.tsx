'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';

export type OrganizationOption = { id: string; slug: string; name: string; parentId: string | null };

const COOKIE = 'tidings_org';

export function OrganizationSwitcher({ current, organizations }: { current: OrganizationOption; organizations: OrganizationOption[] }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  if (organizations.length <= 1) {
    return <span className="truncate text-sm font-medium text-slate-700" data-testid="organization-name">{current.name}</span>;
  }
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="sr-only">Organization</span>
      <select
        data-testid="organization-switcher"
        value={current.id}
        onChange={(event) => {
          document.cookie = `${COOKIE}=${encodeURIComponent(event.target.value)}; path=/; samesite=lax; max-age=31536000`;
          queryClient.clear();
          router.refresh();
        }}
        className="max-w-48 truncate rounded-md border border-slate-300 bg-white py-1 pl-2 pr-7 text-sm font-medium text-slate-800"
      >
        {organizations.map((organization) => (
          <option key={organization.id} value={organization.id}>
            {organization.parentId ? `↳ ${organization.name}` : organization.name}
          </option>
        ))}
      </select>
      <span className="sr-only" data-testid="organization-name">{current.name}</span>
    </label>
  );
}
