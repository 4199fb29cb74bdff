import { z } from 'zod';

// Sub-schemas shared by the event groups. Only identifying fields are required;
// documented fields are typed when present; everything else passes through untouched.

// The seeds mix numeric ids (NationBuilder, Webconnex) and string ids (Site Stacker "9", Kajabi "0").
export const ZResourceId = z.union([z.string().min(1), z.number().int()]);

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
