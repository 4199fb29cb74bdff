/**
 * Why a delivery attempt runs: the first attempt of an emitted event, a scheduled retry,
 * a resend from the console or API, or a "Send a Test". Initial and retry attempts are
 * automatic (skipped when the webhook is off or the delivery already settled); resends
 * and tests are asked for.
 */
export type DeliveryTrigger = 'initial' | 'retry' | 'resend' | 'test';
