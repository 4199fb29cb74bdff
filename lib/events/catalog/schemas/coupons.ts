import { z } from 'zod';
import { ZResourceId, ZTimestamp, optionalText } from './common';

// The coupons group: Webconnex coupons and their codes.

export const ZCouponCode = z.looseObject({
  id: ZResourceId,
  couponId: ZResourceId.nullish(),
  code: z.string().min(1),
  redeemed: z.number().int().nonnegative().nullish(),
});

export const ZCoupon = z.looseObject({
  couponId: ZResourceId,
  name: optionalText,
  // -1 means unlimited (Webconnex).
  available: z.number().int().min(-1).nullish(),
  redeemed: z.number().int().nonnegative().nullish(),
  currency: optionalText,
  // null when the coupon is global.
  formId: ZResourceId.nullish(),
  voucher: z.boolean().nullish(),
  codes: z.array(ZCouponCode).nullish(),
  discounts: z
    .array(
      z.looseObject({
        paths: z.array(z.string()).nullish(),
        perTicket: z.boolean().nullish(),
        valueType: optionalText,
        value: z.union([z.string(), z.number()]).nullish(),
      }),
    )
    .nullish(),
  dateCreated: ZTimestamp.nullish(),
  dateUpdated: ZTimestamp.nullish(),
});
