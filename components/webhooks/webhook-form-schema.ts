import { z } from 'zod';
import type { WebhookResource } from '@/lib/webhooks/serialize-webhook';
import {
  ZCreateWebhook,
  type CreateWebhookInput,
  type RETRY_POLICIES,
  type UpdateWebhookInput,
  type WEBHOOK_FORMATS,
  type WEBHOOK_ORDERINGS,
} from '@/lib/webhooks/webhook-schema';

// What the create/edit form edits. It differs from the API body only where a form needs
// it to: custom headers are rows, optional texts are '' rather than null, and the API
// token has an explicit "remove" switch because a blank field means "keep it".

/**
 * A custom header row. `stored`: the row came from the saved webhook, whose value is a
 * secret the API never returns; a blank value keeps it (sent as null), a typed one
 * replaces it. Its name is fixed: to rename, remove the row and add another.
 */
export type HeaderRow = { name: string; value: string; stored?: boolean };

export type WebhookFormValues = {
  name: string;
  url: string;
  description: string;
  /** DISABLED only when editing a webhook the system turned off; switching it on re-enables it. */
  status: 'ACTIVE' | 'PAUSED' | 'DISABLED';
  events: string[];
  allForms: boolean;
  formIds: string[];
  resourceId: string;
  includeSubOrganizations: boolean;
  format: (typeof WEBHOOK_FORMATS)[number];
  appKey: string;
  apiToken: string;
  removeApiToken: boolean;
  retryPolicy: (typeof RETRY_POLICIES)[number];
  timeoutSeconds: number;
  customHeaders: HeaderRow[];
  ordering: (typeof WEBHOOK_ORDERINGS)[number];
  /** Requests per second as typed; '' is no limit. */
  maxRequestsPerSecond: string;
  /** Create only: null follows the format's default (a ping for standard and sitestacker). */
  pingOnCreate: boolean | null;
};

export const EMPTY_WEBHOOK_FORM: WebhookFormValues = {
  name: '',
  url: '',
  description: '',
  status: 'ACTIVE',
  events: [],
  allForms: true,
  formIds: [],
  resourceId: '',
  includeSubOrganizations: false,
  format: 'standard',
  appKey: '',
  apiToken: '',
  removeApiToken: false,
  retryPolicy: 'fixed',
  timeoutSeconds: 15,
  customHeaders: [],
  ordering: 'none',
  maxRequestsPerSecond: '',
  pingOnCreate: null,
};

export function webhookToFormValues(webhook: WebhookResource): WebhookFormValues {
  return {
    name: webhook.name,
    url: webhook.url,
    description: webhook.description ?? '',
    status: webhook.status,
    events: webhook.events,
    allForms: webhook.allForms,
    formIds: webhook.formIds,
    resourceId: webhook.resourceId ?? '',
    includeSubOrganizations: webhook.includeSubOrganizations,
    format: webhook.format,
    appKey: webhook.appKey ?? '',
    // Write-only: the stored token never comes back, so the field starts blank ("keep").
    apiToken: '',
    removeApiToken: false,
    retryPolicy: webhook.retryPolicy,
    timeoutSeconds: webhook.timeoutSeconds,
    // Names only: values are write-only secrets (the API answers each with a mask).
    customHeaders: Object.keys(webhook.customHeaders ?? {}).map((name) => ({ name, value: '', stored: true })),
    ordering: webhook.ordering,
    maxRequestsPerSecond: webhook.maxRequestsPerSecond === null ? '' : String(webhook.maxRequestsPerSecond),
    pingOnCreate: webhook.pingOnCreate,
  };
}

const isBlankRow = (row: HeaderRow) => !row.stored && row.name.trim() === '' && row.value === '';

// Rows without a name are reported by the form itself ("Enter the header name"), not sent.
function headersRecord(rows: HeaderRow[]): Record<string, string> {
  return Object.fromEntries(rows.filter((row) => row.name.trim() !== '').map((row) => [row.name.trim(), row.value]));
}

/** PATCH: the complete set; a stored row left blank is null ("keep the stored value"). */
function headersPatch(rows: HeaderRow[]): Record<string, string | null> {
  return Object.fromEntries(
    rows.filter((row) => row.name.trim() !== '').map((row) => [row.name.trim(), row.stored && row.value === '' ? null : row.value]),
  );
}

/** Fields both bodies share; the API token is handled per mode. */
function commonBody(values: WebhookFormValues) {
  return {
    name: values.name,
    url: values.url,
    description: values.description,
    events: values.events,
    allForms: values.allForms,
    formIds: values.allForms ? [] : values.formIds,
    resourceId: values.resourceId,
    includeSubOrganizations: values.includeSubOrganizations,
    format: values.format,
    appKey: values.appKey,
    customHeaders: headersRecord(values.customHeaders),
    retryPolicy: values.retryPolicy,
    timeoutSeconds: values.timeoutSeconds,
    ordering: values.ordering,
    // Blank is no limit; anything else goes as a number for the schema to judge.
    maxRequestsPerSecond: values.maxRequestsPerSecond.trim() === '' ? null : Number(values.maxRequestsPerSecond),
  };
}

export function toCreateBody(values: WebhookFormValues): CreateWebhookInput {
  return {
    ...commonBody(values),
    ...(values.status !== 'DISABLED' && { status: values.status }),
    ...(values.apiToken.trim() !== '' && { apiToken: values.apiToken.trim() }),
    ...(values.pingOnCreate !== null && { pingOnCreate: values.pingOnCreate }),
  };
}

/**
 * PATCH semantics (lib/webhooks/update-webhook.ts): an omitted apiToken keeps the stored
 * one, null removes it; a custom header sent as null keeps its stored value and one left
 * out is removed. Status is sent only when the admin changed it, so saving other
 * settings never silently re-enables a webhook the system disabled.
 */
export function toUpdateBody(values: WebhookFormValues, statusChanged: boolean): UpdateWebhookInput {
  return {
    ...commonBody(values),
    customHeaders: headersPatch(values.customHeaders),
    ...(statusChanged && values.status !== 'DISABLED' && { status: values.status }),
    ...(values.removeApiToken ? { apiToken: null } : values.apiToken.trim() !== '' ? { apiToken: values.apiToken.trim() } : {}),
  };
}

/** Where an API issue path ("customHeaders.X-Team", "events.3", "formIds.0") belongs in the form. */
export function formFieldForIssue(path: string, values: WebhookFormValues): string {
  if (path.startsWith('customHeaders.')) {
    const rest = path.slice('customHeaders.'.length);
    // Header names may contain dots, so match whole names rather than split the path.
    const index = values.customHeaders.findIndex((row) => row.name.trim() !== '' && row.name.trim() === rest);
    return index >= 0 ? `customHeaders.${index}.name` : 'customHeaders';
  }
  const [head] = path.split('.');
  if (head === 'events' || head === 'formIds') return head;
  return path;
}

const FORM_FIELDS = new Set<string>([...Object.keys(EMPTY_WEBHOOK_FORM)]);

export function isFormField(path: string): boolean {
  return FORM_FIELDS.has(path.split('.')[0] ?? '');
}

/**
 * The console's form schema is the API's own ZCreateWebhook, applied to the body the
 * form would send; its issues are moved onto the form's fields. The name is required
 * because the form always sends it (the API only defaults it when omitted). The form adds
 * the rules of its rows: a header needs a name and appears once.
 */
export const ZWebhookForm = z.custom<WebhookFormValues>().superRefine((values, context) => {
  const result = ZCreateWebhook.safeParse(toCreateBody(values));
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.map(String).join('.');
      let field = formFieldForIssue(path, values);
      // A value-level header issue (too long, line breaks) belongs on the value input.
      if (/^customHeaders\.\d+\.name$/.test(field) && /value/i.test(issue.message)) field = field.replace(/name$/, 'value');
      context.addIssue({ code: 'custom', path: field ? field.split('.') : [], message: issue.message });
    }
  }
  const seen = new Set<string>();
  values.customHeaders.forEach((row, index) => {
    if (isBlankRow(row)) return;
    const name = row.name.trim().toLowerCase();
    if (name === '') context.addIssue({ code: 'custom', path: ['customHeaders', String(index), 'name'], message: 'Enter the header name' });
    else if (seen.has(name)) context.addIssue({ code: 'custom', path: ['customHeaders', String(index), 'name'], message: 'This header is already listed' });
    seen.add(name);
  });
});
