'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { Button } from '@/components/ui/button';
import { Field, fieldAria, TextInput } from '@/components/ui/field';
import { applyApiIssues, FormError } from '@/components/ui/form';
import { ZCreateInbox, type CreateInboxInput } from '@/lib/inbox/inbox-schema';
import { useCreateInbox, type InboxResource } from './api';

export function CreateInboxForm({ onCreated }: { onCreated: (inbox: InboxResource) => void }) {
  const createInbox = useCreateInbox();
  const form = useForm<CreateInboxInput>({ resolver: zodResolver(ZCreateInbox), defaultValues: { name: '' } });
  const nameError = form.formState.errors.name?.message;

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const inbox = await createInbox.mutateAsync(values);
      form.reset({ name: '' });
      onCreated(inbox);
    } catch (error) {
      applyApiIssues(form, error, { fields: ['name'], fallback: 'Could not create the inbox' });
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="create-inbox-form">
      <h2 className="text-sm font-semibold">New inbox</h2>
      <Field label="Name" htmlFor="inbox-name" error={nameError} hint="For example the system you are testing a webhook for.">
        <TextInput
          id="inbox-name"
          maxLength={120}
          placeholder="Staging CRM"
          {...fieldAria('inbox-name', nameError)}
          {...form.register('name')}
        />
      </Field>
      <FormError message={form.formState.errors.root?.message} compact />
      <Button type="submit" size="sm" disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? 'Creating…' : 'Create inbox'}
      </Button>
    </form>
  );
}
