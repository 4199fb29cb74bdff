'use client';

import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { useDeliverySource } from './api';
import { DeliveryDetail } from './delivery-detail';

/**
 * The delivery's detail as a sheet from the right (full width on a phone), on the native
 * modal <dialog>: the browser traps focus, closes it on Escape and returns focus to the
 * row that opened it. The list behind keeps refreshing.
 */
export function DeliveryDrawer({ deliveryId, onClose }: { deliveryId: string | undefined; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const { deliveryHref } = useDeliverySource();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (deliveryId && !dialog.open) dialog.showModal();
    if (!deliveryId && dialog.open) dialog.close();
  }, [deliveryId]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const handleClose = () => onCloseRef.current();
    dialog.addEventListener('close', handleClose);
    return () => dialog.removeEventListener('close', handleClose);
  }, []);

  return (
    <dialog
      ref={ref}
      aria-label="Delivery details"
      data-testid="delivery-drawer"
      onClick={(event) => {
        // The backdrop is the <dialog> element itself, outside the sheet's content.
        if (event.target === ref.current) ref.current.close();
      }}
      className="fixed inset-y-0 right-0 left-auto m-0 h-dvh max-h-none w-full max-w-3xl overflow-hidden border-l border-slate-200 bg-white p-0 text-slate-900 shadow-2xl backdrop:bg-slate-900/30"
    >
      {deliveryId ? (
        <div className="flex h-full flex-col">
          {/* Close comes first in the DOM, so the opened sheet focuses it; it is drawn on the right. */}
          <div className="flex flex-row-reverse items-center justify-between gap-3 border-b border-slate-200 px-4 py-3 sm:px-6">
            <button
              type="button"
              onClick={() => ref.current?.close()}
              className="rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100"
              data-testid="close-delivery"
            >
              Close <span aria-hidden="true">✕</span>
            </button>
            {deliveryHref ? (
              <Link href={deliveryHref(deliveryId)} className="text-sm text-brand-700 hover:underline">
                Open as a page
              </Link>
            ) : (
              <span />
            )}
          </div>
          <div className="flex-1 overflow-y-auto px-4 py-5 sm:px-6">
            {/* A new key per delivery: tabs and the chosen attempt start fresh. */}
            <DeliveryDetail key={deliveryId} id={deliveryId} />
          </div>
        </div>
      ) : null}
    </dialog>
  );
}
