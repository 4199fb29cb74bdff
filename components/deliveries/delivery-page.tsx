'use client';

import Link from 'next/link';
import { DeliveryDetail } from './delivery-detail';

/** A delivery on a page of its own: the address to share or bookmark. */
export function DeliveryPage({ id }: { id: string }) {
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <Link href="/deliveries" className="text-sm text-brand-600 hover:underline">
        ← Deliveries
      </Link>
      <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
        <DeliveryDetail id={id} headingLevel={1} />
      </div>
    </div>
  );
}
