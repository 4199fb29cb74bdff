'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useRef } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { Field, TextInput } from '@/components/ui/field';
import { applyApiIssues, FormActions, FormCard, FormError } from '@/components/ui/form';
import { FORM_STATUSES, ZUpsertForm, type UpsertFormData, type UpsertFormInput } from '@/lib/forms/form-schema';
import { useUpsertForm, type FormResource } from './api';

const FIELDS = ['name', 'externalId', 'status'] as const;

export function AddFormForm({
  existing,
  onSaved,
  onCancel,
}: {
  /** The forms already listed, to say before saving that an external id will update one of them. */
  existing: FormResource[];
  onSaved: (form: FormResource, updated: boolean) => void;
  onCancel: () => void;
}) {
  const upsertForm = useUpsertForm();
  const form = useForm<UpsertFormInput, unknown, UpsertFormData>({
    resolver: zodResolver(ZUpsertForm),
    defaultValues: { name: '', externalId: '', status: 'published' },
  });
  const { errors, isSubmitting } = form.formState;
  const externalId = useWatch({ control: form.control, name: 'externalId' });
  const match = externalId?.trim() ? existing.find((item) => item.externalId === externalId.trim()) : undefined;
  const nameRef = useRef<HTMLInputElement | null>(null);
  useEffect(() => nameRef.current?.focus(), []);

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const saved = await upsertForm.mutateAsync(values);
      onSaved(saved, Boolean(match));
    } catch (error) {
      applyApiIssues(form, error, { fields: FIELDS, fallback: 'Could not save the form' });
    }
  });

  const { ref: registerNameRef, ...nameField } = form.register('name');
  const describedBy = (name: (typeof FIELDS)[number], hint: boolean) =>
    errors[name]?.message ? `form-${name}-error` : hint ? `form-${name}-hint` : undefined;

  return (
    <FormCard title="Add a form" headingId="add-form-heading" testId="add-form-form" onSubmit={onSubmit}>
      <div className="grid gap-4 md:grid-cols-[2fr_1.5fr_1fr]">
        <Field label="Name" htmlFor="form-name" error={errors.name?.message}>
          <TextInput
            id="form-name"
            maxLength={200}
            autoComplete="off"
            placeholder="Spring Gala 2027 Registration"
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={describedBy('name', false)}
            ref={(element) => {
              registerNameRef(element);
              nameRef.current = element;
            }}
            {...nameField}
          />
        </Field>
        <Field
          label="External id (optional)"
          htmlFor="form-externalId"
          error={errors.externalId?.message}
          hint={
            <span id="form-externalId-hint" data-testid="external-id-hint">
              {match ? (
                <span className="text-amber-800">Matches “{match.name}”: saving updates that form.</span>
              ) : (
                'Your platform’s id for the form. Registering the same id again updates the form.'
              )}
            </span>
          }
        >
          <TextInput
            id="form-externalId"
            maxLength={200}
            autoComplete="off"
            placeholder="wc-1006"
            className="font-mono"
            aria-invalid={errors.externalId ? true : undefined}
            aria-describedby={describedBy('externalId', true)}
            {...form.register('externalId')}
          />
        </Field>
        <Field label="Status" htmlFor="form-status" error={errors.status?.message}>
          <select
            id="form-status"
            aria-invalid={errors.status ? true : undefined}
            aria-describedby={describedBy('status', false)}
            className="block h-[38px] w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-xs focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
            {...form.register('status')}
          >
            {FORM_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status === 'published' ? 'Published' : 'Draft'}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <FormError message={errors.root?.message} />
      <FormActions submitLabel={match ? 'Update form' : 'Add form'} busyLabel="Saving…" isSubmitting={isSubmitting} onCancel={onCancel} />
    </FormCard>
  );
}
