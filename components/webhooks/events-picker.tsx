'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { EVENT_GROUP_PATTERNS, EVENT_GROUPS, EVENT_TYPE_SUMMARIES, WILDCARD, type EventTypeSummary } from '@/lib/events/catalog/names';

// Nobody subscribes to a ping: it goes to a new webhook (or a test) only.
const SUBSCRIBABLE = EVENT_TYPE_SUMMARIES.filter((event) => event.name !== 'ping');

const GROUPS = EVENT_GROUPS.map((group) => ({
  ...group,
  pattern: EVENT_GROUP_PATTERNS[group.id],
  events: SUBSCRIBABLE.filter((event) => event.group === group.id),
})).filter((group) => group.events.length > 0);

// The order a saved list reads in: group patterns first, then names in catalog order.
const ENTRY_ORDER = [...GROUPS.map((group) => group.pattern), ...SUBSCRIBABLE.map((event) => event.name)];

function Checkbox({
  checked,
  indeterminate = false,
  ...props
}: React.InputHTMLAttributes<HTMLInputElement> & { indeterminate?: boolean }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return (
    <input
      ref={ref}
      type="checkbox"
      checked={checked}
      className="h-4 w-4 shrink-0 rounded border-slate-300 text-brand-600 accent-brand-600 disabled:cursor-not-allowed"
      {...props}
    />
  );
}

/**
 * The events a webhook subscribes to, grouped as in the catalog. "All events (*)" is a
 * choice of its own that replaces the individual ones (Site Stacker); the picker keeps
 * the replaced selection so that unticking it brings it back.
 */
export function EventsPicker({
  value,
  onChange,
  disabled = false,
  error,
  describedBy,
}: {
  value: string[];
  onChange: (events: string[]) => void;
  disabled?: boolean;
  error?: string;
  describedBy?: string;
}) {
  const all = value.includes(WILDCARD);
  const selected = new Set(all ? [] : value);
  const [replaced, setReplaced] = useState<string[]>([]);
  const noteId = useId();

  const toggleAll = (checked: boolean) => {
    if (checked) {
      setReplaced(value.filter((name) => name !== WILDCARD));
      onChange([WILDCARD]);
    } else {
      onChange(replaced);
      setReplaced([]);
    }
  };
  const setMany = (names: string[], checked: boolean) => {
    const next = new Set(selected);
    for (const name of names) {
      if (checked) next.add(name);
      else next.delete(name);
    }
    // Catalog order, so the saved list reads like the picker.
    onChange(ENTRY_ORDER.filter((name) => next.has(name)));
  };
  // A group pattern replaces the group's individual events, as * replaces them all.
  const setPattern = (group: (typeof GROUPS)[number], checked: boolean) => {
    const next = new Set(selected);
    if (checked) {
      next.add(group.pattern);
      for (const event of group.events) next.delete(event.name);
    } else {
      next.delete(group.pattern);
    }
    onChange(ENTRY_ORDER.filter((name) => next.has(name)));
  };

  return (
    <div className="space-y-3" aria-describedby={describedBy} data-testid="events-picker">
      <label
        className={`flex items-start gap-3 rounded-lg border px-3 py-3 ${
          all ? 'border-brand-500 bg-brand-50' : 'border-slate-200 bg-white'
        }`}
      >
        <Checkbox
          checked={all}
          disabled={disabled}
          onChange={(event) => toggleAll(event.target.checked)}
          aria-describedby={noteId}
          data-testid="events-all"
          className="mt-0.5 h-4 w-4 shrink-0 accent-brand-600"
        />
        <span>
          <span className="block text-sm font-medium text-slate-900">
            All events <code className="font-mono text-xs text-slate-500">(*)</code>
          </span>
          <span id={noteId} className="block text-xs text-slate-600" data-testid="events-all-note">
            {all
              ? replaced.length > 0
                ? `Replaces the ${replaced.length} event${replaced.length === 1 ? '' : 's'} chosen below: this webhook receives every current and future event type (except ping).`
                : 'Replaces any individual events: this webhook receives every current and future event type (except ping).'
              : 'Every current and future event type (except ping). Choosing it replaces the individual events below.'}
          </span>
        </span>
      </label>

      <div className={`grid items-start gap-3 sm:grid-cols-2 ${all ? 'opacity-60' : ''}`}>
        {GROUPS.map((group) => {
          const names = group.events.map((event) => event.name);
          const whole = selected.has(group.pattern);
          const count = whole ? names.length : names.filter((name) => selected.has(name)).length;
          return (
            <fieldset key={group.id} className="min-w-0 rounded-lg border border-slate-200 bg-white px-3 pb-2 pt-1" data-testid={`event-group-${group.id}`}>
              <legend className="sr-only">{group.label} events</legend>
              <label className="flex items-center gap-2 border-b border-slate-100 py-2">
                <Checkbox
                  checked={count === names.length}
                  indeterminate={count > 0 && count < names.length}
                  disabled={disabled || all || whole}
                  onChange={(event) => setMany(names, event.target.checked)}
                  aria-label={`Today's ${group.label} events`}
                />
                <span className="text-sm font-semibold text-slate-800">{group.label}</span>
                <span className="ml-auto text-xs text-slate-500">
                  {all || whole ? 'all' : `${count} of ${names.length}`}
                </span>
              </label>
              <label className="flex items-start gap-2 rounded px-1 py-1.5 hover:bg-slate-50">
                <Checkbox
                  checked={whole}
                  disabled={disabled || all}
                  onChange={(event) => setPattern(group, event.target.checked)}
                  value={group.pattern}
                  data-testid="event-group-pattern"
                  className="mt-0.5 h-4 w-4 shrink-0 accent-brand-600"
                />
                <span className="min-w-0 text-sm leading-5">
                  <span className="text-slate-800">All {group.label} events, including future ones</span>{' '}
                  <code className="inline-block max-w-full break-words font-mono text-xs text-slate-500">{group.pattern}</code>
                </span>
              </label>
              <ul className="space-y-0.5 py-1">
                {group.events.map((event) => (
                  <EventOption
                    key={event.name}
                    event={event}
                    checked={whole || selected.has(event.name)}
                    disabled={disabled || all || whole}
                    onChange={(checked) => setMany([event.name], checked)}
                  />
                ))}
              </ul>
            </fieldset>
          );
        })}
      </div>
      {error ? (
        <p className="text-xs text-red-600" role="alert" id="events-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function EventOption({
  event,
  checked,
  disabled,
  onChange,
}: {
  event: EventTypeSummary;
  checked: boolean;
  disabled: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <li>
      <label className="flex items-start gap-2 rounded px-1 py-1 hover:bg-slate-50" title={event.description}>
        <Checkbox
          checked={checked}
          disabled={disabled}
          onChange={(change) => onChange(change.target.checked)}
          value={event.name}
          data-testid="event-option"
          className="mt-0.5 h-4 w-4 shrink-0 accent-brand-600"
        />
        <span className="min-w-0 text-sm leading-5">
          <span className="text-slate-800">{event.label}</span>{' '}
          {/* Kept whole on the next line rather than broken mid-name. */}
          <code className="inline-block max-w-full break-words font-mono text-xs text-slate-500">{event.name}</code>
        </span>
      </label>
    </li>
  );
}
