'use client';

import { useId, useRef } from 'react';

// WAI-ARIA tabs with automatic activation: arrow keys, Home and End move between tabs,
// and only the selected tab is in the Tab order, so the panel is one Tab press away.

export type TabItem = { id: string; label: React.ReactNode; content: React.ReactNode };

export function Tabs({
  label,
  items,
  selected,
  onSelect,
  testId,
}: {
  /** Names the tab list for screen readers. */
  label: string;
  items: TabItem[];
  selected: string;
  onSelect: (id: string) => void;
  testId?: string;
}) {
  const baseId = useId();
  const tabRefs = useRef(new Map<string, HTMLButtonElement>());
  const current = items.find((item) => item.id === selected) ?? items[0];

  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    const index = items.findIndex((item) => item.id === current?.id);
    let next: number | null = null;
    if (event.key === 'ArrowRight') next = (index + 1) % items.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + items.length) % items.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = items.length - 1;
    if (next === null) return;
    event.preventDefault();
    const target = items[next];
    onSelect(target.id);
    tabRefs.current.get(target.id)?.focus();
  };

  if (!current) return null;
  return (
    <div data-testid={testId}>
      <div role="tablist" aria-label={label} onKeyDown={onKeyDown} className="flex gap-1 overflow-x-auto border-b border-slate-200">
        {items.map((item) => {
          const active = item.id === current.id;
          return (
            <button
              key={item.id}
              ref={(element) => {
                if (element) tabRefs.current.set(item.id, element);
                else tabRefs.current.delete(item.id);
              }}
              type="button"
              role="tab"
              id={`${baseId}-tab-${item.id}`}
              aria-selected={active}
              aria-controls={`${baseId}-panel-${item.id}`}
              tabIndex={active ? 0 : -1}
              onClick={() => onSelect(item.id)}
              className={`-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium outline-none focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:ring-inset ${
                active ? 'border-brand-600 text-brand-700' : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900'
              }`}
            >
              {item.label}
            </button>
          );
        })}
      </div>
      <div
        role="tabpanel"
        id={`${baseId}-panel-${current.id}`}
        aria-labelledby={`${baseId}-tab-${current.id}`}
        tabIndex={0}
        className="pt-4 outline-none focus-visible:ring-2 focus-visible:ring-brand-500/40"
      >
        {current.content}
      </div>
    </div>
  );
}
