'use client';

import { useEffect, useId, useRef } from 'react';
import { Button } from './button';
import { FormError } from './form';

/**
 * A modal dialog on the native <dialog> element: the browser provides the focus trap,
 * Escape, the inert background and focus restoration, which hand-rolled overlays get wrong.
 */
export function Dialog({
  open,
  onClose,
  title,
  description,
  children,
  footer,
  testId,
  tone = 'default',
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: React.ReactNode;
  children?: React.ReactNode;
  footer?: React.ReactNode;
  testId?: string;
  tone?: 'default' | 'danger';
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  // The latest onClose without re-running the effect that opens the dialog.
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

  // Set while the parent closes the dialog, so its own "close" event is not reported back.
  const closingRef = useRef(false);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) {
      closingRef.current = true;
      dialog.close();
    }
  }, [open]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    // Escape and backdrop clicks close the element itself; the parent owns `open` and hears of it here.
    const handleClose = () => {
      if (closingRef.current) {
        closingRef.current = false;
        return;
      }
      onCloseRef.current();
    };
    dialog.addEventListener('close', handleClose);
    return () => dialog.removeEventListener('close', handleClose);
  }, []);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      data-testid={testId}
      onClick={(event) => {
        // A click on the backdrop lands on the <dialog> itself, outside its padded content.
        if (event.target === ref.current) ref.current.close();
      }}
      className="m-auto w-[calc(100%-2rem)] max-w-lg rounded-xl border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40"
    >
      {open ? (
        <div className="space-y-4 p-5 sm:p-6">
          <div className="space-y-1">
            <h2 id={titleId} className={`text-lg font-semibold ${tone === 'danger' ? 'text-red-700' : ''}`}>
              {title}
            </h2>
            {description ? (
              <div id={descriptionId} className="text-sm text-slate-600">
                {description}
              </div>
            ) : null}
          </div>
          {children}
          {footer ? <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">{footer}</div> : null}
        </div>
      ) : null}
    </dialog>
  );
}

/** Cancel and a confirming action, the footer of every "are you sure?" dialog. */
export function ConfirmFooter({
  onCancel,
  onConfirm,
  confirmLabel,
  busyLabel,
  isPending,
  confirmTestId,
  tone = 'default',
}: {
  onCancel: () => void;
  onConfirm: () => void;
  confirmLabel: string;
  busyLabel: string;
  isPending: boolean;
  confirmTestId: string;
  tone?: 'default' | 'danger';
}) {
  return (
    <>
      <Button variant="secondary" onClick={onCancel} disabled={isPending} autoFocus>
        Cancel
      </Button>
      <Button variant={tone === 'danger' ? 'danger' : 'primary'} data-testid={confirmTestId} disabled={isPending} onClick={onConfirm}>
        {isPending ? busyLabel : confirmLabel}
      </Button>
    </>
  );
}

/** A dialog that asks before an action, and says why the action failed if it did. */
export function ConfirmDialog({
  open,
  onClose,
  title,
  description,
  testId,
  tone = 'default',
  error,
  children,
  ...footer
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: React.ReactNode;
  testId: string;
  tone?: 'default' | 'danger';
  /** The refusal, already phrased ("Could not delete the webhook: …"). */
  error?: string;
  children?: React.ReactNode;
} & Omit<React.ComponentProps<typeof ConfirmFooter>, 'onCancel' | 'tone'>) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      description={description}
      testId={testId}
      tone={tone}
      footer={<ConfirmFooter onCancel={onClose} tone={tone} {...footer} />}
    >
      {children}
      <FormError message={error} />
    </Dialog>
  );
}
