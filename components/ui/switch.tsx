'use client';

import { forwardRef } from 'react';
import { Controller, type Control, type FieldPath, type FieldPathValue, type FieldValues } from 'react-hook-form';

type SwitchProps = {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: string;
  /** Shown next to the switch; the accessible name stays `label`. */
  visibleLabel?: React.ReactNode;
  disabled?: boolean;
  busy?: boolean;
  id?: string;
  testId?: string;
  describedBy?: string;
  size?: 'sm' | 'md';
};

/** An on/off switch (role="switch"): the status toggle and the yes/no settings of a webhook. */
export const Switch = forwardRef<HTMLButtonElement, SwitchProps>(function Switch({ checked, onChange, label, visibleLabel, disabled, busy, id, testId, describedBy, size = 'md' }, ref) {
  const track = size === 'sm' ? 'h-5 w-9' : 'h-6 w-11';
  const knob = size === 'sm' ? 'h-4 w-4' : 'h-5 w-5';
  const shift = size === 'sm' ? 'translate-x-4' : 'translate-x-5';
  return (
    <span className="inline-flex items-center gap-2">
      <button
        ref={ref}
        id={id}
        type="button"
        role="switch"
        aria-checked={checked}
        aria-label={label}
        aria-describedby={describedBy}
        aria-busy={busy || undefined}
        disabled={disabled}
        data-testid={testId}
        onClick={() => onChange(!checked)}
        className={`relative inline-flex shrink-0 items-center rounded-full p-0.5 transition-colors disabled:cursor-not-allowed disabled:opacity-60 ${track} ${
          checked ? 'bg-emerald-600' : 'bg-slate-300'
        }`}
      >
        <span
          aria-hidden="true"
          className={`inline-block rounded-full bg-white shadow transition-transform ${knob} ${checked ? shift : 'translate-x-0'}`}
        />
      </button>
      {visibleLabel ? <span className="text-sm text-slate-700">{visibleLabel}</span> : null}
    </span>
  );
});

type SwitchFieldProps = Pick<SwitchProps, 'checked' | 'onChange' | 'label' | 'visibleLabel'> & {
  testId: string;
  hintId: string;
  hint: React.ReactNode;
  hintClassName?: string;
  /** A label above the switch (the switch's own name stays `label`). */
  heading?: { id: string; text: string };
};

/** A switch with a line under it that says what its current position does. */
export const SwitchField = forwardRef<HTMLButtonElement, SwitchFieldProps>(function SwitchField(
  { checked, onChange, label, visibleLabel = label, testId, hintId, hint, hintClassName = 'text-slate-500', heading },
  ref,
) {
  return (
    <div className="space-y-1">
      {heading ? (
        <span className="block text-sm font-medium text-slate-700" id={heading.id}>
          {heading.text}
        </span>
      ) : null}
      <Switch ref={ref} checked={checked} onChange={onChange} label={label} visibleLabel={visibleLabel} testId={testId} describedBy={hintId} />
      <p id={hintId} className={`text-xs ${hintClassName}`}>
        {hint}
      </p>
    </div>
  );
});

/**
 * A SwitchField bound to a yes/no field of a react-hook-form form. `checked` reads a value that
 * may still be unset (null: "the default"); the hint may depend on the value.
 */
export function FormSwitch<T extends FieldValues, N extends FieldPath<T>>({
  control,
  name,
  checked = (value) => value === true,
  hint,
  ...props
}: Omit<SwitchFieldProps, 'checked' | 'onChange' | 'hint'> & {
  control: Control<T>;
  name: N;
  checked?: (value: FieldPathValue<T, N>) => boolean;
  hint: React.ReactNode | ((value: FieldPathValue<T, N>) => React.ReactNode);
}) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <SwitchField
          ref={field.ref}
          checked={checked(field.value)}
          onChange={field.onChange}
          hint={typeof hint === 'function' ? hint(field.value) : hint}
          {...props}
        />
      )}
    />
  );
}
