'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Button } from '@/components/ui/button';
import { Field, fieldAria, TextInput } from '@/components/ui/field';
import { applyApiIssues, FormActions, FormError } from '@/components/ui/form';
import { QueryState } from '@/components/ui/page';
import { Section } from '@/components/ui/section';
import { ZCreateSubOrganization, ZRenameOrganization, type CreateSubOrganizationInput, type RenameOrganizationInput } from '@/lib/organizations/organization-schema';
import { useCreateSubOrganization, useRenameOrganization, useRenameSubOrganization, useSubOrganizations, type OrganizationResource } from './api';

/** The organization's own name (owners and admins). */
export function OrganizationNameSection({ name, canEdit }: { name: string; canEdit: boolean }) {
  const router = useRouter();
  const rename = useRenameOrganization();
  const [saved, setSaved] = useState(false);
  const form = useForm<RenameOrganizationInput>({ resolver: zodResolver(ZRenameOrganization), values: { name } });
  const { errors, isSubmitting } = form.formState;
  const submit = form.handleSubmit(async (values) => {
    setSaved(false);
    try {
      await rename.mutateAsync(values.name);
      setSaved(true);
      // The header and the switcher show the name: the layout reads it again.
      router.refresh();
    } catch (error) {
      applyApiIssues(form, error, { fields: ['name'], fallback: 'The name could not be saved' });
    }
  });
  return (
    <Section title="Organization" description="The name shown in the console, the switcher and invitation emails.">
      {canEdit ? (
        <form onSubmit={submit} noValidate className="flex max-w-xl flex-wrap items-end gap-2" aria-label="Rename the organization" data-testid="organization-name-form">
          <div className="min-w-0 flex-1">
            <Field label="Name" htmlFor="organization-name-input" error={errors.name?.message}>
              <TextInput id="organization-name-input" autoComplete="off" {...fieldAria('organization-name-input', errors.name)} {...form.register('name')} />
            </Field>
          </div>
          <Button type="submit" variant="secondary" disabled={isSubmitting} data-testid="save-organization-name">
            {isSubmitting ? 'Saving…' : 'Save name'}
          </Button>
          <FormError message={errors.root?.message} />
          {saved ? (
            <p role="status" className="w-full text-sm text-green-700">
              Saved.
            </p>
          ) : null}
        </form>
      ) : (
        <p className="text-sm text-slate-900">{name}</p>
      )}
    </Section>
  );
}

/** Sub-organizations (subnations): listed, created and renamed by owners and admins. */
export function SubOrganizationsSection({ canEdit }: { canEdit: boolean }) {
  const router = useRouter();
  const list = useSubOrganizations();
  const create = useCreateSubOrganization();
  const [creating, setCreating] = useState(false);
  const form = useForm<CreateSubOrganizationInput>({ resolver: zodResolver(ZCreateSubOrganization), defaultValues: { name: '', slug: '' } });
  const { errors, isSubmitting } = form.formState;
  const submit = form.handleSubmit(async (values) => {
    try {
      await create.mutateAsync(values);
      form.reset({ name: '', slug: '' });
      setCreating(false);
      // The switcher lists it from the next render of the layout.
      router.refresh();
    } catch (error) {
      applyApiIssues(form, error, { fields: ['name', 'slug'], fallback: 'The sub-organization could not be created' });
    }
  });
  const rows = list.data?.data ?? [];
  return (
    <Section
      title="Sub-organizations"
      description="Chapters or subnations with their own webhooks, forms and keys. Their events also reach this organization's webhooks that include sub-organizations, and this organization's owners and admins manage them from the switcher."
    >
      <QueryState isPending={list.isPending} error={list.error} label="sub-organizations" />
      {list.data ? (
        rows.length === 0 ? (
          <p className="text-sm text-slate-500" data-testid="sub-organizations-empty">
            No sub-organizations yet.
          </p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="sub-organizations">
            {rows.map((row) => (
              <SubOrganizationRow key={row.organizationId} row={row} canEdit={canEdit} />
            ))}
          </ul>
        )
      ) : null}
      {canEdit ? (
        creating ? (
          <form onSubmit={submit} noValidate className="space-y-3 rounded-md border border-slate-200 p-3" aria-label="New sub-organization" data-testid="create-sub-organization-form">
            <div className="grid gap-3 sm:grid-cols-2">
              <Field label="Name" htmlFor="sub-organization-name" error={errors.name?.message}>
                <TextInput id="sub-organization-name" autoComplete="off" autoFocus {...fieldAria('sub-organization-name', errors.name)} {...form.register('name')} />
              </Field>
              <Field label="Slug" htmlFor="sub-organization-slug" error={errors.slug?.message} hint="Lowercase letters, digits and dashes; used by the CLI.">
                <TextInput id="sub-organization-slug" autoComplete="off" className="font-mono" {...fieldAria('sub-organization-slug', errors.slug)} {...form.register('slug')} />
              </Field>
            </div>
            <FormError message={errors.root?.message} />
            <FormActions submitLabel="Create sub-organization" busyLabel="Creating…" isSubmitting={isSubmitting} onCancel={() => setCreating(false)} submitTestId="save-sub-organization" />
          </form>
        ) : (
          <div>
            <Button variant="secondary" onClick={() => setCreating(true)} data-testid="create-sub-organization">
              New sub-organization
            </Button>
          </div>
        )
      ) : null}
    </Section>
  );
}

function SubOrganizationRow({ row, canEdit }: { row: OrganizationResource; canEdit: boolean }) {
  const router = useRouter();
  const rename = useRenameSubOrganization();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(row.name);
  const [error, setError] = useState<string | undefined>();
  const inputId = `rename-${row.organizationId}`;
  return (
    <li className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="sub-organization" data-slug={row.slug}>
      {editing ? (
        <form
          className="flex w-full flex-wrap items-end gap-2"
          noValidate
          aria-label={`Rename ${row.name}`}
          onSubmit={(event) => {
            event.preventDefault();
            setError(undefined);
            rename.mutate(
              { id: row.organizationId, name },
              {
                onSuccess: () => {
                  setEditing(false);
                  router.refresh();
                },
                onError: (failure) => setError(failure.message),
              },
            );
          }}
        >
          <div className="min-w-0 flex-1">
            <Field label={`New name of ${row.slug}`} htmlFor={inputId} error={error}>
              <TextInput id={inputId} value={name} autoFocus onChange={(event) => setName(event.target.value)} {...fieldAria(inputId, error)} />
            </Field>
          </div>
          <Button type="submit" size="sm" disabled={rename.isPending}>
            Save
          </Button>
          <Button variant="secondary" size="sm" onClick={() => setEditing(false)}>
            Cancel
          </Button>
        </form>
      ) : (
        <>
          <span className="min-w-0">
            <span className="block truncate text-sm font-medium text-slate-900">{row.name}</span>
            <span className="block font-mono text-xs text-slate-500">{row.slug}</span>
          </span>
          {canEdit ? (
            <Button variant="secondary" size="sm" aria-label={`Rename ${row.name}`} onClick={() => setEditing(true)}>
              Rename
            </Button>
          ) : null}
        </>
      )}
    </li>
  );
}
