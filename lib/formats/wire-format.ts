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
  /** A number unique per event (a sequence): formats whose ids are integers (Webconnex eventId). */
  number: number;
  /**
   * The host platform's own id of the event's form: the registered form's external id, or the
   * id as the platform sent it when no registered form matched; never a Tidings `form_…` id.
   */
  platformFormId: string | null;
  /** The numeric account id of the event's organization (Webconnex accountId). */
  accountNumber: number;
  /** The event organization's slug (NationBuilder nation_slug). */
  organizationSlug: string;
};

/**
 * The webhook settings that shape a body: copied onto the delivery when it is created, so a
 * delivery is an immutable message (docs/delivery-semantics.md) and later edits change future deliveries only.
 */
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

export type WireRequest = {
  /** Header names in the case the format's document spells them; HTTP keeps them as given. */
  headers: Record<string, string>;
  body: string;
  /**
   * The body as stored in the attempt log and shown by the API and console, when it differs
   * from what is sent: a secret a format puts in the body (NationBuilder `token`) masked.
   */
  storedBody?: string;
};

/**
 * The secret that makes a format's one signature header (Site Stacker, Webconnex,
 * CharityStack, and standard's x-tidings-signature). During the 24 h after a rotation it is
 * the previous secret, so a receiver keeps verifying until it has the new one (and accepts
 * both meanwhile), and a resend in that window keeps its signature; then the new one.
 * Standard Webhooks' `webhook-signature` carries one signature per valid secret instead.
 */
export function singleSignatureSecret(secrets: readonly string[]): string | undefined {
  return secrets.at(-1);
}

/** What replaces a secret in anything stored or shown: no character of the secret. */
export const SECRET_MASK = '••••••••';

/** A format cannot build a request without something the organization must set first. */
export class MissingDeliverySetting extends Error {}

export type WireFormat = {
  name: string;
  buildRequest: (input: FormatInput) => WireRequest;
};

export const USER_AGENT = 'Tidings-Webhooks/0.1.0';
