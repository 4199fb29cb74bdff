import { z } from 'zod';
import { ZResourceId, ZTimestamp, optionalText, centsAmount } from './common';

// The commerce group: Kajabi purchases, orders and payments (attributes flattened next to their id).

export const ZCustomer = z.looseObject({
  id: ZResourceId,
  name: optionalText,
  email: optionalText,
  external_user_id: optionalText,
});

export const ZOffer = z.looseObject({
  id: ZResourceId,
  title: optionalText,
  price_in_cents: centsAmount.nullish(),
  currency: optionalText,
  payment_type: optionalText,
});

export const ZTransaction = z.looseObject({
  id: ZResourceId,
  amount_in_cents: centsAmount,
  action: optionalText,
  state: optionalText,
  payment_type: optionalText,
  sales_tax_in_cents: centsAmount.nullish(),
  currency: optionalText,
  formatted_amount: optionalText,
  created_at: ZTimestamp.nullish(),
});
export const ZPurchaseData = z.looseObject({
  purchase: z.looseObject({
    id: ZResourceId,
    amount_in_cents: centsAmount,
    currency: optionalText,
    payment_type: optionalText,
    quantity: z.number().int().positive().nullish(),
    coupon_code: optionalText,
    opt_in: z.boolean().nullish(),
    created_at: ZTimestamp.nullish(),
  }),
  offer: ZOffer.nullish(),
  customer: ZCustomer.nullish(),
});

export const ZOrderData = z.looseObject({
  order: z.looseObject({
    id: ZResourceId,
    order_number: ZResourceId.nullish(),
    currency_code: optionalText,
    total_price_in_cents: centsAmount,
    subtotal_in_cents: centsAmount.nullish(),
    sales_tax_amount_in_cents: centsAmount.nullish(),
    discount_amount_in_cents: centsAmount.nullish(),
    formatted_total_price: optionalText,
    fulfilled_at: ZTimestamp.nullish(),
    created_at: ZTimestamp.nullish(),
  }),
  order_items: z
    .array(z.looseObject({ id: ZResourceId, quantity: z.number().int().positive().nullish(), offer: ZOffer.nullish() }))
    .nullish(),
  customer: ZCustomer.nullish(),
  transaction: ZTransaction.nullish(),
});

export const ZPaymentSucceededData = z.looseObject({
  transaction: ZTransaction,
  customer: ZCustomer.nullish(),
  offer: ZOffer.nullish(),
});
