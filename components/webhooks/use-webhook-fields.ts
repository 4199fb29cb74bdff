'use client';

import { useFormContext } from 'react-hook-form';
import type { WebhookFormValues } from './webhook-form-schema';

/** The webhook form's fields, for the sections inside its FormProvider. */
export function useWebhookFields() {
  const form = useFormContext<WebhookFormValues>();
  return { form, register: form.register, control: form.control, watch: form.watch, errors: form.formState.errors };
}
