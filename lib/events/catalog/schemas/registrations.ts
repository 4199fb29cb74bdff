import { z } from 'zod';
import { ZIntegerId, ZResourceId, ZTimestamp, optionalText, optionalMoney, ZBilling } from './common';

// The registrations group: Webconnex registrations, registrants and tickets.

// Webconnex calls this "an object containing collected data fields"; forms decide the keys.
const ZCollectedFields = z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]);

export const ZRegistrant = z.looseObject({
  id: ZResourceId,
  lookupId: ZResourceId.nullish(),
  amount: optionalMoney,
  customerId: ZIntegerId.nullish(),
  currency: optionalText,
  orderNumber: optionalText,
  orderId: ZResourceId.nullish(),
  status: optionalText,
  source: optionalText,
  data: ZCollectedFields.nullish(),
  registrantTimestamp: ZTimestamp.nullish(),
});

export const ZTicket = z.looseObject({
  id: ZResourceId,
  lookupId: ZResourceId.nullish(),
  amount: optionalMoney,
  fee: optionalMoney,
  total: optionalMoney,
  customerId: ZIntegerId.nullish(),
  currency: optionalText,
  orderNumber: optionalText,
  orderId: ZResourceId.nullish(),
  status: optionalText,
  source: optionalText,
  data: ZCollectedFields.nullish(),
  selectedDate: ZTimestamp.nullish(),
  label: optionalText,
  eventKey: optionalText,
  eventLabel: optionalText,
  timeslot: optionalText,
  ticketTimestamp: ZTimestamp.nullish(),
});
export const ZRegistrationData = z.looseObject({
  id: ZResourceId,
  lookupId: ZResourceId.nullish(),
  customerId: ZIntegerId.nullish(),
  billing: ZBilling.nullish(),
  currency: optionalText,
  deductibleTotal: optionalMoney,
  orderNumber: optionalText,
  orderStatus: optionalText,
  registrants: z.array(ZRegistrant).nullish(),
  tickets: z.array(ZTicket).nullish(),
  total: z.number(),
  transactionReference: optionalText,
  transactionId: ZResourceId.nullish(),
  registrationTimestamp: ZTimestamp.nullish(),
});
