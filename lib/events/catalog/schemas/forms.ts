import { z } from 'zod';
import { ZResourceId, ZTimestamp, optionalText } from './common';
import { ZContact, ZTag } from './contacts';

// The forms group: host platform forms (Webconnex publish fields) and Kajabi form submissions.

/** A form of the host platform, with Webconnex's publish fields. */
export const ZForm = z.looseObject({
  id: ZResourceId,
  name: z.string().min(1),
  accRef: optionalText,
  currency: optionalText,
  product: optionalText,
  publishedPath: optionalText,
  status: optionalText,
  timeZone: optionalText,
  datePublished: ZTimestamp.nullish(),
  eventStart: ZTimestamp.nullish(),
  eventEnd: ZTimestamp.nullish(),
  registrationStart: ZTimestamp.nullish(),
  registrationEnd: ZTimestamp.nullish(),
});
export const ZFormSubmittedData = z.looseObject({
  form_submission: z.looseObject({
    id: ZResourceId,
    name: optionalText,
    email: optionalText,
    phone_number: optionalText,
    created_at: ZTimestamp.nullish(),
  }),
  form: z.looseObject({ id: ZResourceId, name: optionalText }),
  contact: ZContact.nullish(),
  tags: z.array(ZTag).nullish(),
});
