import { z } from 'zod';
import { ZIntegerId, ZResourceId, optionalText, optionalMoney, ZBilling } from './common';

// The sms group: Webconnex text-to-give follow-up donations.

export const ZSmsDonationData = z.looseObject({
  id: ZResourceId,
  lookupId: ZResourceId.nullish(),
  customerId: ZIntegerId.nullish(),
  transactionId: ZResourceId.nullish(),
  transactionReference: optionalText,
  transactionStatus: optionalText,
  orderStatus: optionalText,
  orderNumber: optionalText,
  total: z.number(),
  currency: optionalText,
  deductibleTotal: optionalMoney,
  email: optionalText,
  category: optionalText,
  donorNumber: optionalText,
  text2GiveNumber: optionalText,
  billing: ZBilling.nullish(),
});
