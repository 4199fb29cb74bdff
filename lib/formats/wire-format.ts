// A wire format turns one delivery attempt into the HTTP request a receiver expects:
// headers and body. `standard` is Standard Webhooks; the others mirror the seeds.

export type DeliveryEvent = {
  id: string;
  type: string;
  organizationId: string;
  formId: string | null;
  resourceId: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
  test: boolean;
};

export type DeliveryWebhook = {
  id: string;
  name: string;
  appKey: string | null;
};

export type FormatInput = {
  deliveryId: string;
  event: DeliveryEvent;
  webhook: DeliveryWebhook;
  attempt: number;
  /** Unix seconds of this attempt. */
  timestamp: number;
  /** Signing secrets, current first; two while a rotated secret is still valid. */
  secrets: string[];
  /** The webhook organization's shared token (NationBuilder style), when it has one. */
  sharedToken: string | null;
};

export type WireRequest = { headers: Record<string, string>; body: string };

export type WireFormat = {
  name: string;
  buildRequest: (input: FormatInput) => WireRequest;
};

export const USER_AGENT = 'Tidings-Webhooks/0.1.0';
