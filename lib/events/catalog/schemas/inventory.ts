import { z } from 'zod';
import { ZResourceId, ZTimestamp, optionalText } from './common';
import { INVENTORY_THRESHOLDS } from '../names';

// The inventory group: Webconnex inventory supply thresholds.

export const ZInventoryData = z.looseObject({
  id: ZResourceId,
  threshold: z.literal(INVENTORY_THRESHOLDS, { error: 'threshold is 80, 90 or 100' }),
  inventory: z.looseObject({
    quantity: z.number().int().nonnegative(),
    sold: z.number().int().nonnegative(),
  }),
  itemName: optionalText,
  itemPath: optionalText,
  formName: optionalText,
  formLookupId: ZResourceId.nullish(),
  lookupId: ZResourceId.nullish(),
  dateCreated: ZTimestamp.nullish(),
  dateUpdated: ZTimestamp.nullish(),
});
