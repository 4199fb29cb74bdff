'use client';

import type { FieldPath, FieldValues, UseFormReturn } from 'react-hook-form';
import { ApiError } from '@/lib/api-client';
import { Button } from './button';

/** The form-level error under a form: a refusal that belongs to no single field. */
export function FormError({ message, compact = false, testId }: { message?: string; compact?: boolean; testId?: string }) {
  if (!message) return null;
  return (
    <p
      role="alert"
      data-testid={testId}
      className={compact ? 'text-xs text-red-600' : 'rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700'}
    >
      {message}
    </p>
  );
}

/** A form in a card of its own, titled by its heading (an inline "New …" form above a list). */
export function FormCard({
  title,
  headingId,
  testId,
  onSubmit,
  spacing = 'space-y-4',
  children,
}: {
  title: string;
  headingId: string;
  testId: string;
  onSubmit: React.FormEventHandler<HTMLFormElement>;
  spacing?: 'space-y-4' | 'space-y-5';
  children: React.ReactNode;
}) {
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby={headingId}
      className={`${spacing} rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5`}
      data-testid={testId}
    >
      <h2 id={headingId} className="text-base font-semibold">
        {title}
      </h2>
      {children}
    </form>
  );
}

/** A field's own error line, with the id its input names in aria-describedby. */
export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p className="text-xs text-red-600" role="alert" id={id}>
      {message}
    </p>
  );
}

/** Submit and cancel under a form: the submit says what it does, and what it is doing while busy. */
export function FormActions({
  submitLabel,
  busyLabel,
  isSubmitting,
  onCancel,
  submitTestId,
  children,
}: {
  submitLabel: string;
  busyLabel: string;
  isSubmitting: boolean;
  onCancel?: () => void;
  submitTestId?: string;
  /** Further actions after the submit, such as "Generate a token". */
  children?: React.ReactNode;
}) {
  return (
    <div className="flex flex-wrap gap-2">
      <Button type="submit" disabled={isSubmitting} data-testid={submitTestId}>
        {isSubmitting ? busyLabel : submitLabel}
      </Button>
      {onCancel ? (
        <Button variant="secondary" onClick={onCancel} disabled={isSubmitting}>
          Cancel
        </Button>
      ) : null}
      {children}
    </div>
  );
}

type ApplyApiIssuesOptions<T extends FieldValues> = {
  /** The form's fields an issue may name (an issue on `scopes.2` lands on `scopes`), or a mapping of its own. */
  fields: readonly FieldPath<T>[] | ((path: string) => FieldPath<T> | null);
  /** The form-level message when the error is not an ApiError. */
  fallback: string;
  /** Where the form-level message goes: `root` unless the form shows `root.server`; null when the caller shows its own. */
  root?: 'root' | 'root.server' | null;
  /** Focus the first field that received an error. */
  focus?: boolean;
  /**
   * Always set a form-level message when the API named fields: the issues no field could show,
   * or the API's message and a nudge to the highlighted fields.
   */
  summarize?: boolean;
};

/**
 * Puts the field issues of an API refusal (`{ error: { issues: [{ path, message }] } }`) on the form's
 * fields, and what no field can show on the form itself. Returns how many issues found a field.
 */
export function applyApiIssues<T extends FieldValues>(
  form: Pick<UseFormReturn<T>, 'setError'>,
  error: unknown,
  { fields, fallback, root = 'root', focus = false, summarize = false }: ApplyApiIssuesOptions<T>,
): number {
  const issues = error instanceof ApiError ? (error.body.issues ?? []) : [];
  const fieldFor =
    typeof fields === 'function'
      ? fields
      : (path: string) => fields.find((name) => path === name || path.startsWith(`${name}.`)) ?? null;
  let placed = 0;
  const unplaced: string[] = [];
  for (const issue of issues) {
    const field = fieldFor(issue.path);
    if (!field) {
      unplaced.push(issue.message);
      continue;
    }
    form.setError(field, { type: 'server', message: issue.message }, { shouldFocus: focus && placed === 0 });
    placed += 1;
  }
  if (root === null) return placed;
  const rootPath = root as FieldPath<T>;
  if (summarize && error instanceof ApiError && issues.length > 0) {
    form.setError(rootPath, {
      type: 'server',
      message: unplaced.length > 0 ? unplaced.join(' ') : `${error.body.message}. Fix the highlighted fields and try again.`,
    });
  } else if (placed === 0) {
    form.setError(rootPath, { type: 'server', message: error instanceof Error ? error.message : fallback });
  }
  return placed;
}
