import { z } from 'zod';

// Sub-schemas shared by the event groups. Only identifying fields are required;
// documented fields are typed when present; everything else passes through untouched.

// The seeds mix numeric ids (NationBuilder, Webconnex) and string ids (Site Stacker "9", Kajabi "0").
export const ZResourceId = z.union([z.string().min(1), z.number().int()]);

// Ids the Webconnex tables type as integers (its customers): a number, or a string of its digits.
export const ZIntegerId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,15}$/)], {
  error: 'An integer id (the document types it as an integer), or a string of its digits',
});

// Seed timestamps are not uniformly ISO 8601 (NationBuilder sends "02/01/2013  3:54 PM").
export const ZTimestamp = z.string();
export const optionalText = z.string().nullish();
export const optionalMoney = z.number().nullish();
export const centsAmount = z.number().int().nonnegative();

export const ZAddress = z.looseObject({
  address1: optionalText,
  address2: optionalText,
  city: optionalText,
  state: optionalText,
  country_code: optionalText,
  zip: optionalText,
});

export const ZBilling = z.looseObject({
  name: z.looseObject({ first: optionalText, last: optionalText }).nullish(),
  email: optionalText,
  phone: optionalText,
  address: z
    .looseObject({
      street1: optionalText,
      street2: optionalText,
      city: optionalText,
      state: optionalText,
      postalCode: optionalText,
      country: optionalText,
    })
    .nullish(),
  paymentMethod: optionalText,
});
