'use client';

import { Controller } from 'react-hook-form';
import { useConsole } from '@/components/console/console-context';
import { Field, fieldAria, TextInput } from '@/components/ui/field';
import { Section } from '@/components/ui/section';
import { FormSwitch } from '@/components/ui/switch';
import { EventsPicker } from './events-picker';
import { FormsPicker } from './forms-picker';
import { useWebhookFields } from './use-webhook-fields';

/** The event types a webhook receives. */
export function WebhookEventsSection({ readOnly }: { readOnly: boolean }) {
  const { control, errors } = useWebhookFields();
  return (
    <Section title="Events" description="Choose what this webhook receives. Events of types you do not choose are not sent.">
      <Controller
        control={control}
        name="events"
        render={({ field }) => <EventsPicker value={field.value} onChange={field.onChange} error={errors.events?.message} disabled={readOnly} />}
      />
    </Section>
  );
}

/** Which forms, which resource and which organizations a webhook's events come from. */
export function WebhookFiltersSection({ readOnly }: { readOnly: boolean }) {
  const { organization } = useConsole();
  const { register, control, watch, errors } = useWebhookFields();
  const allForms = watch('allForms');
  return (
    <Section title="Filters" description="Limit the events to some forms, one resource or this organization only.">
      <FormSwitch
        control={control}
        name="allForms"
        label="Send data from every page"
        testId="all-forms-switch"
        hintId="all-forms-hint"
        hint={(all) =>
          all
            ? 'Events of every form, including forms added later, are sent.'
            : 'Only events of the forms chosen below are sent; events that belong to no form are always sent.'
        }
      />
      {!allForms ? (
        <Controller
          control={control}
          name="formIds"
          render={({ field }) => <FormsPicker value={field.value} onChange={field.onChange} error={errors.formIds?.message} disabled={readOnly} />}
        />
      ) : null}
      <Field
        label="Resource id (optional)"
        htmlFor="resourceId"
        error={errors.resourceId?.message}
        hint="Only events about this resource, such as one tag or one offer. Leave blank for every resource."
      >
        <TextInput id="resourceId" autoComplete="off" className="font-mono" {...register('resourceId')} {...fieldAria('resourceId', errors.resourceId?.message)} />
      </Field>
      <FormSwitch
        control={control}
        name="includeSubOrganizations"
        label="Include sub-organizations"
        testId="sub-organizations-switch"
        hintId="sub-organizations-hint"
        hint={<>Also deliver the events of every sub-organization of {organization.name}, signed with this webhook&apos;s secret.</>}
      />
    </Section>
  );
}
