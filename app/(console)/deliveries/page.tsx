import type { Metadata } from 'next';
import { AllDeliveries } from '@/components/deliveries/all-deliveries';

export const metadata: Metadata = { title: 'Deliveries' };

export default function DeliveriesPage() {
  return <AllDeliveries />;
}
