import { useId } from 'react';
import { Button } from './button';

/** A card that opens over a list for one task (send a test, replay), with its own Close. */
export function Panel({
  title,
  description,
  closeLabel,
  onClose,
  testId,
  children,
}: {
  title: string;
  description: React.ReactNode;
  /** The Close button's accessible name, such as "Close Send a Test". */
  closeLabel: string;
  onClose: () => void;
  testId: string;
  children: React.ReactNode;
}) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5" data-testid={testId}>
      <div className="flex items-start justify-between gap-3">
        <div>
          <h2 id={headingId} className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          {description}
        </div>
        <Button variant="ghost" size="sm" onClick={onClose} aria-label={closeLabel}>
          Close
        </Button>
      </div>
      {children}
    </section>
  );
}
