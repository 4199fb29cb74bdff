import { z } from 'zod';
import { ZResourceId, ZTimestamp, optionalText, centsAmount, ZAddress } from './common';
import { ZPerson } from './people';

// The donations group: NationBuilder donations and Site Stacker contribution batches.

export const ZDonation = z.looseObject({
  id: ZResourceId,
  amount_in_cents: centsAmount,
  // NationBuilder formats it ("$20.20"); other platforms send a number.
  amount: z.union([z.string(), z.number()]).optional(),
  currency: optionalText,
  donor: ZPerson.nullish(),
  email: optionalText,
  first_name: optionalText,
  last_name: optionalText,
  billing_address: ZAddress.nullish(),
  payment_type_name: optionalText,
  page_slug: optionalText,
  recurring_donation_id: ZResourceId.nullish(),
  created_at: ZTimestamp.nullish(),
  succeeded_at: ZTimestamp.nullish(),
  failed_at: ZTimestamp.nullish(),
  canceled_at: ZTimestamp.nullish(),
  updated_at: ZTimestamp.nullish(),
});
export const ZDonationEventData = z.looseObject({
  donation: ZDonation,
  contribution_batch_id: ZResourceId.optional(),
});

// donation.created is also Site Stacker's contribution_create, whose whole payload is
// `{"contribution_batch_id": "9"}` (its receivers look the batch up): either the donation, or
// the batch id, or both.
export const ZDonationCreatedData = z
  .looseObject({
    donation: ZDonation.optional(),
    contribution_batch_id: ZResourceId.optional(),
  })
  .refine((data) => data.donation !== undefined || data.contribution_batch_id !== undefined, {
    message: 'A donation.created event carries the donation, or a contribution_batch_id (Site Stacker), or both',
    path: ['donation'],
  });
