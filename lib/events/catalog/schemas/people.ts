import { z } from 'zod';
import { ZResourceId, ZTimestamp, optionalText, ZAddress } from './common';

// The people group: NationBuilder persons (signups, donors, contact authors).

/** A NationBuilder person: a `signup` (nationbuilder_id) or a donation's `donor` (id). */
export const ZPerson = z
  .looseObject({
    id: ZResourceId.optional(),
    nationbuilder_id: ZResourceId.optional(),
    // NationBuilder sends "" for a person without one (its Person Contact sample).
    external_id: z.union([z.string(), z.number().int()]).nullish(),
    first_name: optionalText,
    last_name: optionalText,
    full_name: optionalText,
    email: optionalText,
    email1: optionalText,
    email_opt_in: z.boolean().nullish(),
    mobile_opt_in: z.boolean().nullish(),
    support_level: z.number().int().nullish(),
    tag_list: optionalText,
    tags: z.array(z.string()).nullish(),
    created_at: ZTimestamp.nullish(),
    primary_address: ZAddress.nullish(),
    address: ZAddress.nullish(),
  })
  .refine((person) => person.id != null || person.nationbuilder_id != null, {
    message: 'A person needs an id or a nationbuilder_id',
    path: ['id'],
  });
export const ZPersonEventData = z.looseObject({ signup: ZPerson });

export const ZPersonContactedData = z.looseObject({
  signup_call: z.looseObject({
    signup: ZPerson,
    author: ZPerson.nullish(),
    contact_method_id: z.number().int().nullish(),
    contact_method_name: optionalText,
    contact_status_id: z.number().int().nullish(),
    contact_status_name: optionalText,
    call_type_id: z.number().int().nullish(),
    call_type_name: optionalText,
  }),
});

export const ZPersonTypeAssignedData = z.looseObject({
  person_type: z.looseObject({ id: ZResourceId, name: z.string().min(1) }),
  person_id: ZResourceId,
});
