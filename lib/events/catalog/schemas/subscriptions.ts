import { z } from 'zod';
import { ZIntegerId, ZResourceId, ZTimestamp, optionalText, optionalMoney, ZBilling } from './common';
import { ZContact } from './contacts';

// The subscriptions group: recurring donations (CharityStack style) and Webconnex processed payments.

/** Webconnex's subscription object, also the shape of CharityStack-style recurring donations. */
export const ZSubscription = z.looseObject({
  id: ZResourceId,
  amount: z.number().nonnegative(),
  currency: optionalText,
  status: optionalText,
  category: optionalText,
  email: optionalText,
  schedule: optionalText,
  scheduleString: optionalText,
  dateCreated: ZTimestamp.nullish(),
  dateUpdated: ZTimestamp.nullish(),
  dateLast: ZTimestamp.nullish(),
  dateNext: ZTimestamp.nullish(),
});
export const ZSubscriptionEventData = z.looseObject({
  subscription: ZSubscription,
  contact: ZContact.nullish(),
});

// Webconnex "subscription": one processed payment of a subscription or a final deposit.
export const ZSubscriptionProcessedData = z.looseObject({
  id: ZResourceId,
  lookupId: ZResourceId.nullish(),
  customerId: ZIntegerId.nullish(),
  billing: ZBilling.nullish(),
  orderNumber: optionalText,
  orderStatus: optionalText,
  currency: optionalText,
  deductibleTotal: optionalMoney,
  subscription: ZSubscription,
  transactionReference: optionalText,
  transactionId: ZResourceId.nullish(),
  total: z.number(),
});
