import type { Metadata } from 'next';
import { DeliveryPage } from '@/components/deliveries/delivery-page';

export const metadata: Metadata = { title: 'Delivery' };

export default async function DeliveryDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <DeliveryPage id={id} />;
}
