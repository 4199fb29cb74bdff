import type { Metadata } from 'next';
import { DeliveriesList } from '@/components/deliveries/deliveries-list';

export const metadata: Metadata = { title: 'Deliveries' };

export default function DeliveriesPage() {
  return <DeliveriesList />;
}
