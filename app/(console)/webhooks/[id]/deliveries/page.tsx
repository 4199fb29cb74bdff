import type { Metadata } from 'next';
import { DeliveriesList } from '@/components/deliveries/deliveries-list';

export const metadata: Metadata = { title: 'Deliveries' };

export default async function WebhookDeliveriesPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <DeliveriesList webhookId={id} />;
}
