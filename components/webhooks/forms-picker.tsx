'use client';

import Link from 'next/link';
import { useId, useState } from 'react';
import { useForms } from '@/components/forms/api';

/**
 * The forms a webhook is limited to when "Send data from every page" is off (Webconnex):
 * a searchable list of the organization's forms with a checkbox each.
 */
export function FormsPicker({
  value,
  onChange,
  disabled = false,
  error,
}: {
  value: string[];
  onChange: (formIds: string[]) => void;
  disabled?: boolean;
  error?: string;
}) {
  const query = useForms();
  const [search, setSearch] = useState('');
  const searchId = useId();
  const forms = query.data?.data ?? [];
  const needle = search.trim().toLowerCase();
  const visible = needle
    ? forms.filter((form) => [form.name, form.formId, form.externalId ?? ''].some((text) => text.toLowerCase().includes(needle)))
    : forms;
  const known = new Set(forms.map((form) => form.formId));
  // Ids the webhook lists that this organization no longer has: shown so they can be removed.
  const missing = query.data ? value.filter((id) => !known.has(id)) : [];
  const selected = new Set(value);

  const toggle = (formId: string, checked: boolean) => {
    onChange(checked ? [...value, formId] : value.filter((id) => id !== formId));
  };

  return (
    <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-3" data-testid="forms-picker">
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={searchId} className="sr-only">
          Search forms
        </label>
        <input
          id={searchId}
          type="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          placeholder="Search forms by name or id"
          disabled={disabled}
          className="block min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm placeholder:text-slate-400 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30 disabled:bg-slate-50"
        />
        <span className="text-xs text-slate-500" aria-live="polite" data-testid="forms-selected-count">
          {value.length} selected
        </span>
      </div>

      {query.isPending ? (
        <p className="text-sm text-slate-500">Loading forms…</p>
      ) : query.isError ? (
        <p role="alert" className="text-sm text-red-700">
          Could not load forms: {query.error.message}
        </p>
      ) : forms.length === 0 ? (
        <p className="text-sm text-slate-600">
          This organization has no forms yet. Your platform registers them with <code className="font-mono">POST /api/v1/forms</code>; see{' '}
          <Link href="/forms" className="text-brand-600 underline">
            Forms
          </Link>
          .
        </p>
      ) : (
        <ul className="max-h-60 space-y-0.5 overflow-y-auto" aria-label="Forms">
          {visible.length === 0 ? <li className="px-1 py-1 text-sm text-slate-500">No form matches “{search}”.</li> : null}
          {visible.map((form) => (
            <li key={form.formId}>
              <label className="flex items-center gap-2 rounded px-1 py-1 hover:bg-slate-50">
                <input
                  type="checkbox"
                  checked={selected.has(form.formId)}
                  disabled={disabled}
                  onChange={(event) => toggle(form.formId, event.target.checked)}
                  data-testid="form-option"
                  className="h-4 w-4 shrink-0 accent-brand-600"
                />
                <span className="min-w-0 flex-1 truncate text-sm text-slate-800">{form.name}</span>
                <code className="hidden font-mono text-xs text-slate-500 sm:inline">{form.externalId ?? form.formId}</code>
              </label>
            </li>
          ))}
          {missing.map((formId) => (
            <li key={formId}>
              <label className="flex items-center gap-2 rounded px-1 py-1 hover:bg-slate-50">
                <input
                  type="checkbox"
                  checked
                  disabled={disabled}
                  onChange={() => toggle(formId, false)}
                  className="h-4 w-4 shrink-0 accent-brand-600"
                />
                <span className="text-sm text-slate-500">
                  Unknown form <code className="font-mono text-xs">{formId}</code>
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {error ? (
        <p className="text-xs text-red-600" role="alert" id="formIds-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
