'use client';

import { PageHeader } from '@/components/ui/page';
import { DeliveriesList } from './deliveries-list';

export function AllDeliveries() {
  return (
    <div className="space-y-6">
      <PageHeader title="Deliveries" description="Every event sent to every webhook, newest first. Open one to see each attempt’s request and response." />
      <DeliveriesList />
    </div>
  );
}
