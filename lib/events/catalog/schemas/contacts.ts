import { z } from 'zod';
import { ZResourceId, ZTimestamp, optionalText } from './common';

// The contacts group: CharityStack and Kajabi contacts and their tags.

export const ZContact = z.looseObject({
  id: ZResourceId,
  name: optionalText,
  first_name: optionalText,
  last_name: optionalText,
  email: optionalText,
  phone_number: optionalText,
  subscribed: z.boolean().nullish(),
  external_user_id: optionalText,
  created_at: ZTimestamp.nullish(),
  updated_at: ZTimestamp.nullish(),
});

export const ZTag = z.looseObject({
  id: ZResourceId,
  name: z.string().min(1),
});
export const ZContactEventData = z.looseObject({ contact: ZContact });
export const ZContactTagEventData = z.looseObject({ contact: ZContact, tag: ZTag });
