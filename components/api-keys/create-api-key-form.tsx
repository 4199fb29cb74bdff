'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useRef } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { Button } from '@/components/ui/button';
import { Field, fieldAria, TextInput } from '@/components/ui/field';
import { applyApiIssues, FieldError, FormActions, FormCard, FormError } from '@/components/ui/form';
import { ZCreateApiKey, type CreateApiKeyData, type CreateApiKeyInput } from '@/lib/api-keys/api-key-schema';
import { ALL_SCOPES, EVENT_SCOPES, OWNER_POWER_SCOPES, RESOURCE_SCOPES, SCOPE_DESCRIPTIONS, type Scope } from '@/lib/auth/scopes';
import { useCreateApiKey, type CreatedApiKey } from './api';

const SCOPE_GROUPS: { id: string; title: string; description: string; scopes: readonly Scope[] }[] = [
  {
    id: 'resource',
    title: 'Resource scopes',
    description: 'What the key may do: each API call needs one of these.',
    scopes: RESOURCE_SCOPES,
  },
  {
    id: 'events',
    title: 'Event data scopes',
    description: 'Whose data the key may make flow: subscribing a webhook, changing where it sends, resending, replaying and testing all need the scopes of the events involved.',
    scopes: EVENT_SCOPES,
  },
  {
    id: 'powers',
    title: 'Owner powers',
    description: 'Granted one by one, never by “Select all” of the other groups: erasing a person’s data cannot be undone.',
    scopes: OWNER_POWER_SCOPES,
  },
];

export function CreateApiKeyForm({ onCreated, onCancel }: { onCreated: (created: CreatedApiKey) => void; onCancel: () => void }) {
  const createApiKey = useCreateApiKey();
  const form = useForm<CreateApiKeyInput, unknown, CreateApiKeyData>({
    resolver: zodResolver(ZCreateApiKey),
    defaultValues: { name: '', scopes: [] },
  });
  const { errors, isSubmitting } = form.formState;
  const nameError = errors.name?.message;
  const scopesError = errors.scopes?.message ?? errors.scopes?.root?.message;
  const nameRef = useRef<HTMLInputElement | null>(null);
  useEffect(() => nameRef.current?.focus(), []);

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      onCreated(await createApiKey.mutateAsync(values));
    } catch (error) {
      applyApiIssues(form, error, { fields: ['name', 'scopes'], fallback: 'Could not create the API key' });
    }
  });

  const { ref: registerNameRef, ...nameField } = form.register('name');

  return (
    <FormCard title="New API key" headingId="create-api-key-heading" testId="create-api-key-form" onSubmit={onSubmit} spacing="space-y-5">
      <Field label="Name" htmlFor="api-key-name" error={nameError} hint="Who or what uses the key, such as “CRM production”.">
        <TextInput
          id="api-key-name"
          maxLength={100}
          autoComplete="off"
          placeholder="CRM production"
          {...fieldAria('api-key-name', nameError)}
          ref={(element) => {
            registerNameRef(element);
            nameRef.current = element;
          }}
          {...nameField}
        />
      </Field>

      <Controller
        control={form.control}
        name="scopes"
        render={({ field }) => {
          const selected = new Set(field.value);
          const setScopes = (next: Set<string>) => field.onChange(ALL_SCOPES.filter((scope) => next.has(scope)));
          return (
            <fieldset aria-describedby={scopesError ? 'api-key-scopes-error' : undefined} aria-invalid={scopesError ? true : undefined}>
              <legend className="text-sm font-medium text-slate-700">Scopes</legend>
              <p className="text-xs text-slate-500">Give the key only what it needs; at least one scope.</p>
              <div className="mt-3 grid gap-4 lg:grid-cols-2">
                {SCOPE_GROUPS.map((group) => {
                  const allChecked = group.scopes.every((scope) => selected.has(scope));
                  return (
                    <fieldset key={group.id} className="rounded-lg border border-slate-200 p-3" data-testid={`scope-group-${group.id}`}>
                      <legend className="px-1 text-sm font-semibold text-slate-800">{group.title}</legend>
                      <div className="flex items-start justify-between gap-3">
                        <p className="text-xs text-slate-500">{group.description}</p>
                        <Button
                          variant="ghost"
                          size="sm"
                          className="shrink-0"
                          aria-label={`${allChecked ? 'Clear' : 'Select all'} ${group.title.toLowerCase()}`}
                          onClick={() => {
                            const next = new Set(selected);
                            for (const scope of group.scopes) {
                              if (allChecked) next.delete(scope);
                              else next.add(scope);
                            }
                            setScopes(next);
                          }}
                        >
                          {allChecked ? 'Clear' : 'Select all'}
                        </Button>
                      </div>
                      <ul className="mt-2 space-y-1">
                        {group.scopes.map((scope) => {
                          const id = `scope-${scope.replace(':', '-')}`;
                          return (
                            <li key={scope}>
                              <label htmlFor={id} className="flex cursor-pointer items-start gap-2.5 rounded-md px-1.5 py-1.5 hover:bg-slate-50">
                                <input
                                  id={id}
                                  type="checkbox"
                                  name={field.name}
                                  value={scope}
                                  checked={selected.has(scope)}
                                  onBlur={field.onBlur}
                                  onChange={(event) => {
                                    const next = new Set(selected);
                                    if (event.target.checked) next.add(scope);
                                    else next.delete(scope);
                                    setScopes(next);
                                  }}
                                  className="mt-0.5 h-4 w-4 shrink-0 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
                                />
                                <span className="min-w-0">
                                  <code className="font-mono text-xs font-semibold text-slate-800">{scope}</code>
                                  <span className="block text-xs text-slate-500">{SCOPE_DESCRIPTIONS[scope]}</span>
                                </span>
                              </label>
                            </li>
                          );
                        })}
                      </ul>
                    </fieldset>
                  );
                })}
              </div>
              <div className="mt-2">
                <FieldError id="api-key-scopes-error" message={scopesError} />
              </div>
            </fieldset>
          );
        }}
      />

      <FormError message={errors.root?.message} />
      <FormActions submitLabel="Create key" busyLabel="Creating…" isSubmitting={isSubmitting} onCancel={onCancel} />
    </FormCard>
  );
}
