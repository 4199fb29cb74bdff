import type { UseFormRegisterReturn } from 'react-hook-form';
import { FieldError } from './form';

export type RadioCardOption<V extends string> = { value: V; label: string; explanation: string };

/** A choice of one among a few options, each a card with a label and a line of explanation. */
export function RadioCards<V extends string>({
  legend,
  options,
  registration,
  errorId,
  error,
}: {
  legend: string;
  options: readonly RadioCardOption<V>[];
  /** What `form.register(name)` returns: every card is an input of that field. */
  registration: UseFormRegisterReturn;
  errorId: string;
  error?: string;
}) {
  return (
    <fieldset className="space-y-2">
      <legend className="mb-2 text-sm font-medium text-slate-700">{legend}</legend>
      <div className="grid gap-2 sm:grid-cols-2">
        {options.map((option) => (
          <label
            key={option.value}
            className="flex cursor-pointer items-start gap-2 rounded-lg border border-slate-200 px-3 py-2 has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50"
          >
            <input type="radio" value={option.value} className="mt-1 accent-brand-600" {...registration} />
            <span className="min-w-0">
              <span className="block text-sm font-medium text-slate-900">{option.label}</span>
              <span className="block text-xs text-slate-600">{option.explanation}</span>
            </span>
          </label>
        ))}
      </div>
      <FieldError id={errorId} message={error} />
    </fieldset>
  );
}
