import { z } from 'zod';

// The event catalog (docs/architecture.md#event-catalog): the one place that knows every event type, who may
// subscribe to it, what its data looks like and what a realistic example is.
// It is shared by the API, the worker and the console's browser code, so it must
// stay free of server-only imports.
//
// Each event's `data` keeps the shape of the seed payload it comes from
// (NationBuilder's `{ donation }` / `{ signup }`, Webconnex's flat data objects,
// Site Stacker's ids, Kajabi's resource attributes), so a seed-compatible wire
// format only has to wrap `data` in its envelope, never reshape it.

export type EventGroup =
  | 'donations'
  | 'people'
  | 'contacts'
  | 'subscriptions'
  | 'registrations'
  | 'forms'
  | 'commerce'
  | 'inventory'
  | 'coupons'
  | 'sms'
  | 'system';

export const EVENT_GROUPS: readonly { id: EventGroup; label: string }[] = [
  { id: 'donations', label: 'Donations' },
  { id: 'people', label: 'People' },
  { id: 'contacts', label: 'Contacts' },
  { id: 'subscriptions', label: 'Subscriptions' },
  { id: 'registrations', label: 'Registrations' },
  { id: 'forms', label: 'Forms' },
  { id: 'commerce', label: 'Commerce' },
  { id: 'inventory', label: 'Inventory' },
  { id: 'coupons', label: 'Coupons' },
  { id: 'sms', label: 'SMS' },
  { id: 'system', label: 'System' },
];

// System events have no scope: nobody subscribes to a ping, and webhook.disabled is
// about the organization's own webhooks rather than the host platform's data.
export type EventScope = 'view:transactions' | 'view:contacts' | 'view:forms' | null;

/** docs/security-model.md#scopes-and-least-privilege: the API key scope an integrator needs to subscribe to a group's events (Kajabi style). */
export const EVENT_GROUP_SCOPES: Readonly<Record<EventGroup, EventScope>> = {
  donations: 'view:transactions',
  subscriptions: 'view:transactions',
  commerce: 'view:transactions',
  people: 'view:contacts',
  contacts: 'view:contacts',
  forms: 'view:forms',
  registrations: 'view:forms',
  inventory: 'view:forms',
  coupons: 'view:forms',
  sms: 'view:forms',
  system: null,
};

export const EVENT_TYPE_NAME_LIST = [
  'donation.created',
  'donation.updated',
  'donation.cancelled',
  'person.created',
  'person.updated',
  'person.contacted',
  'person.type_assigned',
  'contact.created',
  'contact.updated',
  'contact.tag_added',
  'contact.tag_removed',
  'subscription.created',
  'subscription.updated',
  'subscription.cancelled',
  'subscription.payment_method_updated',
  'subscription.processed',
  'registration.created',
  'registrant.updated',
  'registrant.cancelled',
  'ticket.updated',
  'ticket.cancelled',
  'form.created',
  'form.updated',
  'form.published',
  'form.submitted',
  'purchase.created',
  'order.created',
  'payment.succeeded',
  'inventory.threshold_reached',
  'coupon.created',
  'coupon.updated',
  'coupon.redeemed',
  'sms_donation.created',
  'ping',
  'webhook.disabled',
] as const;

export type EventTypeName = (typeof EVENT_TYPE_NAME_LIST)[number];

export const WILDCARD = '*';

export type EventTypeDefinition = {
  name: EventTypeName;
  group: EventGroup;
  /** Short human label for the console ("Donation created", "Registration"). */
  label: string;
  description: string;
  scope: EventScope;
  /** Validates the event's `data`; unknown fields are kept, the platform may send more than we document. */
  schema: z.ZodType<Record<string, unknown>>;
  /** A fresh deep copy on every call, so callers may mutate what they get. */
  sample: () => Record<string, unknown>;
};

export const INVENTORY_THRESHOLDS = [80, 90, 100] as const;
export type InventoryThreshold = (typeof INVENTORY_THRESHOLDS)[number];

// ---------------------------------------------------------------------------
// Shared sub-schemas. Only identifying fields are required; documented fields are
// typed when present; everything else passes through untouched.

// The seeds mix numeric ids (NationBuilder, Webconnex) and string ids (Site Stacker "9", Kajabi "0").
export const ZResourceId = z.union([z.string().min(1), z.number().int()]);

// Seed timestamps are not uniformly ISO 8601 (NationBuilder sends "02/01/2013  3:54 PM").
const ZTimestamp = z.string();
const optionalText = z.string().nullish();
const optionalMoney = z.number().nullish();
const centsAmount = z.number().int().nonnegative();

export const ZAddress = z.looseObject({
  address1: optionalText,
  address2: optionalText,
  city: optionalText,
  state: optionalText,
  country_code: optionalText,
  zip: optionalText,
});

/** A NationBuilder person: a `signup` (nationbuilder_id) or a donation's `donor` (id). */
export const ZPerson = z
  .looseObject({
    id: ZResourceId.optional(),
    nationbuilder_id: ZResourceId.optional(),
    external_id: ZResourceId.nullish(),
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

export const ZDonation = z.looseObject({
  id: ZResourceId,
  amount_in_cents: centsAmount,
  // NationBuilder formats it ("$20.20"); other platforms send a number.
  amount: z.union([z.string(), z.number()]).optional(),
  currency: optionalText,
  donor: ZPerson.nullish(),
  email: optionalText,
  first_name: optionalText,
  last_name: optionalText,
  billing_address: ZAddress.nullish(),
  payment_type_name: optionalText,
  page_slug: optionalText,
  recurring_donation_id: ZResourceId.nullish(),
  created_at: ZTimestamp.nullish(),
  succeeded_at: ZTimestamp.nullish(),
  failed_at: ZTimestamp.nullish(),
  canceled_at: ZTimestamp.nullish(),
  updated_at: ZTimestamp.nullish(),
});

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

// Webconnex calls this "an object containing collected data fields"; forms decide the keys.
const ZCollectedFields = z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]);

export const ZRegistrant = z.looseObject({
  id: ZResourceId,
  lookupId: ZResourceId.nullish(),
  amount: optionalMoney,
  customerId: ZResourceId.nullish(),
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
  customerId: ZResourceId.nullish(),
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

// Kajabi resources (attributes flattened next to their id).
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

// ---------------------------------------------------------------------------
// Event data schemas.

const ZDonationEventData = z.looseObject({
  donation: ZDonation,
  contribution_batch_id: ZResourceId.optional(),
});

// donation.created is also Site Stacker's contribution_create, whose whole payload is
// `{"contribution_batch_id": "9"}` (its receivers look the batch up): either the donation, or
// the batch id, or both.
const ZDonationCreatedData = z
  .looseObject({
    donation: ZDonation.optional(),
    contribution_batch_id: ZResourceId.optional(),
  })
  .refine((data) => data.donation !== undefined || data.contribution_batch_id !== undefined, {
    message: 'A donation.created event carries the donation, or a contribution_batch_id (Site Stacker), or both',
    path: ['donation'],
  });

const ZPersonEventData = z.looseObject({ signup: ZPerson });

const ZPersonContactedData = z.looseObject({
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

const ZPersonTypeAssignedData = z.looseObject({
  person_type: z.looseObject({ id: ZResourceId, name: z.string().min(1) }),
  person_id: ZResourceId,
});

const ZContactEventData = z.looseObject({ contact: ZContact });
const ZContactTagEventData = z.looseObject({ contact: ZContact, tag: ZTag });

const ZSubscriptionEventData = z.looseObject({
  subscription: ZSubscription,
  contact: ZContact.nullish(),
});

// Webconnex "subscription": one processed payment of a subscription or a final deposit.
const ZSubscriptionProcessedData = z.looseObject({
  id: ZResourceId,
  lookupId: ZResourceId.nullish(),
  customerId: ZResourceId.nullish(),
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

const ZRegistrationData = z.looseObject({
  id: ZResourceId,
  lookupId: ZResourceId.nullish(),
  customerId: ZResourceId.nullish(),
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

const ZFormSubmittedData = z.looseObject({
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

const ZPurchaseData = z.looseObject({
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

const ZOrderData = z.looseObject({
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

const ZPaymentSucceededData = z.looseObject({
  transaction: ZTransaction,
  customer: ZCustomer.nullish(),
  offer: ZOffer.nullish(),
});

const ZInventoryData = z.looseObject({
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

const ZSmsDonationData = z.looseObject({
  id: ZResourceId,
  lookupId: ZResourceId.nullish(),
  customerId: ZResourceId.nullish(),
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

const ZPingData = z.looseObject({
  hook: z
    .looseObject({ webhookId: z.string().min(1), url: z.string().min(1), events: z.array(z.string()) })
    // A ping is logged and may be shown to anyone who can read deliveries.
    .refine((hook) => !('secret' in hook) && !('apiToken' in hook), {
      message: 'A ping never carries the webhook secret or API token',
    }),
  zen: z.string(),
});

const ZWebhookDisabledData = z.looseObject({
  webhookId: z.string().min(1),
  url: z.string().min(1),
  reason: z.string().min(1),
  disabledAt: ZTimestamp.min(1),
});

// ---------------------------------------------------------------------------
// Samples, taken from the seeds' documented payloads (trimmed to meaningful fields).

const nationBuilderSignup = {
  nationbuilder_id: 65536,
  twitter_id: null,
  civicrm_id: null,
  external_id: null,
  salesforce_id: null,
  prefix: null,
  first_name: 'John',
  middle_name: null,
  last_name: 'Doe',
  suffix: null,
  full_name: 'John Doe',
  employer: null,
  occupation: null,
  is_deceased: false,
  born_at: null,
  email1: 'person@example.com',
  email2: null,
  email_opt_in: true,
  phone_number: null,
  work_phone_number: null,
  do_not_call: false,
  do_not_contact: false,
  mobile_number: null,
  mobile_opt_in: true,
  is_mobile_bad: false,
  support_level: null,
  priority_level: null,
  note: null,
  parent_id: null,
  recruiter_id: null,
  tag_list: 'donor',
  created_at: '02/01/2013  3:54 PM',
  unsubscribed_at: null,
  is_supporter: true,
  is_prospect: false,
  is_volunteer: false,
  is_donor: null,
  is_fundraiser: false,
  first_donated_at: null,
  last_donated_at: null,
  donations_count: 0,
  donations_amount: '$0.00',
  donations_amount_in_cents: 0,
  donations_raised_count: 0,
  donations_raised_amount: '$0.00',
  donations_raised_amount_in_cents: 0,
  membership_level_name: null,
  membership_started_at: null,
  membership_expires_at: null,
  capital_amount_in_cents: 500,
  spent_capital_amount_in_cents: 0,
  received_capital_amount_in_cents: 500,
};

const nationBuilderAddress = {
  address1: '123 Fake St',
  address2: 'Apt 1905',
  city: 'Pasadena',
  state: 'CA',
  country_code: 'US',
  zip: '91101',
  lat: '39.756461',
  lng: '-105.003145',
};

const nationBuilderDonation = {
  id: 87,
  actblue_order_number: null,
  amount: '$20.20',
  amount_in_cents: 2020,
  author_id: 12703,
  billing_address: nationBuilderAddress,
  canceled_at: null,
  check_number: '7373474378349',
  corporate_contribution: false,
  created_at: '2014-02-11T10:21:43-05:00',
  donor: {
    id: 75408,
    external_id: null,
    support_level: 4,
    first_name: 'Joe',
    last_name: 'Doe',
    email: 'joe@example.com',
    phone: '4442221111',
    mobile: '5137069737',
    primary_address: nationBuilderAddress,
    tags: [],
    recruiter_id: 75408,
    created_at: '2014-02-11T10:21:43-05:00',
    updated_at: '2014-02-11T10:21:43-05:00',
    mobile_opt_in: true,
    email_opt_in: true,
    is_volunteer: false,
    employer: 'Hanna Corp',
    occupation: 'Contractor',
    party: 'D',
  },
  election: null,
  email: 'joe@example.com',
  employer: 'Hanna Corp',
  failed_at: null,
  fec_type: 'Contribution',
  first_name: 'Jake',
  import_id: 139,
  is_private: false,
  last_name: 'Doe',
  mailing_slug: 'mailing',
  merchant_account_id: 3,
  occupation: 'Contractor',
  note: 'looking forward to hosting a fundraiser',
  page_slug: 'ticket_sales',
  payment_type_name: 'Cash',
  payment_type_ngp_code: 'C',
  pledge_id: 44,
  recruiter_name_or_email: 'Joe Doe',
  recurring_donation_id: 5,
  succeeded_at: '2014-02-11T10:21:43-05:00',
  tracking_code_slug: 'lincoln',
  updated_at: '2014-02-11T10:21:43-05:00',
  work_address: null,
};

const nationBuilderContactAuthor = {
  nationbuilder_id: 9,
  twitter_login: 'ByronAnderson',
  first_name: 'Byron',
  last_name: 'Anderson',
  full_name: 'Byron Anderson',
  email1: 'byron@foobarsoftwares.com',
  email_opt_in: false,
  support_level: 1,
  tag_list: 'foobartag, left_feedback, byron',
  created_at: '10/01/2012 12:53 PM',
  is_supporter: true,
  address: {
    country_code: 'US',
    country: 'United States',
    state: 'CA',
    city: 'Pasadena',
    county: '',
    zip: '91101',
    address1: '123 Fake St',
    address2: null,
    address3: null,
    fips: null,
  },
};

const kajabiContact = {
  id: '2270834',
  name: 'Sample Recipient',
  email: 'sample@example.com',
  address_line_1: '123 Kajabi Ln',
  address_line_2: 'Kajabi Suite 4',
  address_city: 'Kajabiwood',
  address_state: 'Kajabifornia',
  address_country: 'US',
  address_zip: '99999',
  phone_number: '5555555555',
  business_number: null,
  subscribed: false,
  external_user_id: null,
  created_at: '2025-07-31T16:51:04.010Z',
  updated_at: '2025-07-31T16:51:04.010Z',
};

const kajabiCustomer = {
  id: '1840211',
  name: 'John Doe',
  email: 'john.doe@example.com',
  external_user_id: null,
  net_revenue: '10.0',
  sign_in_count: 0,
  created_at: '2025-07-31T17:13:05.207Z',
  updated_at: '2025-07-31T17:13:05.207Z',
};

const kajabiOffer = {
  id: '905512',
  title: 'Kajabi Test Offer',
  internal_title: null,
  currency: 'USD',
  price_in_cents: 1000,
  payment_type: 'single',
  token: 'n8NtoHUZ',
  price_description: '$10.00 USD',
  checkout_url: 'https://example.mykajabi.com/offers/n8NtoHUZ',
  recurring_offer: false,
  subscription: false,
  one_time: true,
  free: false,
};

const kajabiTransaction = {
  id: '77031906',
  action: 'charge',
  state: 'succeeded',
  payment_type: 'charge',
  amount_in_cents: 1000,
  sales_tax_in_cents: 0,
  currency: 'USD',
  currency_symbol: '$',
  formatted_amount: '$10.00',
  created_at: '2025-07-31T17:13:05.247Z',
};

const webconnexBilling = {
  name: { first: 'Jane', last: 'Smith' },
  email: 'jane.smith@example.com',
  phone: '+16195550143',
  address: {
    street1: '2445 Fifth Ave',
    street2: 'Suite 400',
    city: 'San Diego',
    state: 'CA',
    postalCode: '92101',
    country: 'US',
  },
  paymentMethod: 'card',
  card: { cardType: 'VISA', lastFour: '4242', expMonth: 12, expYear: 2027 },
};

const webconnexRegistrant = {
  id: 'c4b1e9a07f2d4e6b8a3f5d7c9e1b2a40',
  lookupId: 5310442,
  amount: 95,
  customerId: 845123,
  currency: 'USD',
  orderNumber: 'FALLGALA-0042',
  orderId: 'a9f3c2d18e7b4a6f9c0d2e4b6a8c1f35',
  status: 'completed',
  source: 'registration',
  data: {
    firstName: 'Jane',
    lastName: 'Smith',
    email: 'jane.smith@example.com',
    registrationOptions: 'Adult',
    tshirtSize: 'M',
  },
  registrantTimestamp: '2024-10-04T17:32:10Z',
};

const webconnexTicket = {
  id: 'e2d7a1c94b3f4f0e8d6c5b2a1f9e7d34',
  lookupId: 7781204,
  amount: 50,
  fee: 5,
  total: 55,
  customerId: 845123,
  currency: 'USD',
  orderNumber: 'FALLGALA-0042',
  orderId: 'a9f3c2d18e7b4a6f9c0d2e4b6a8c1f35',
  status: 'completed',
  source: 'registration',
  data: { attendeeName: 'Sam Smith', mealChoice: 'Vegetarian' },
  selectedDate: '2024-11-09T00:00:00Z',
  label: 'General Admission',
  eventKey: 'gala-dinner',
  eventLabel: 'Gala Dinner',
  timeslot: '18:00',
  ticketTimestamp: '2024-10-04T17:32:10Z',
};

const webconnexSubscription = {
  id: 40417,
  amount: 25,
  category: 'General Fund',
  currency: 'USD',
  dateCreated: '2024-06-01T15:04:11Z',
  dateUpdated: null,
  dateLast: '2024-10-01T15:00:00Z',
  dateNext: '2024-11-01T15:00:00Z',
  email: 'jane.smith@example.com',
  schedule: '0 0 1 * *',
  scheduleString: 'Monthly on the 1st',
  status: 'active',
};

const webconnexForm = {
  id: 482913,
  name: 'Fall Gala 2024',
  accRef: 'FALLGALA',
  currency: 'USD',
  product: 'regfox.com',
  publishedPath: 'yourorg.regfox.com/fall-gala-2024',
  status: 'open',
  timeZone: 'America/Los_Angeles',
  datePublished: '2024-09-15T18:22:05Z',
  eventStart: '2024-11-09T01:00:00Z',
  eventEnd: '2024-11-09T05:00:00Z',
  registrationStart: '2024-09-15T00:00:00Z',
  registrationEnd: '2024-11-08T23:59:59Z',
};

const webconnexCoupon = {
  couponId: 3381,
  name: 'Early Bird',
  available: 100,
  redeemed: 12,
  currency: 'USD',
  // "formId | string | Id of the associated form (optional) [null] if coupon is global)"
  formId: '482913',
  voucher: false,
  codes: [
    { id: 90211, couponId: 3381, code: 'EARLYBIRD', redeemed: 11 },
    { id: 90212, couponId: 3381, code: 'EARLYBIRD-VIP', redeemed: 1 },
  ],
  discounts: [{ paths: ['registrants.registrationOptions'], perTicket: false, valueType: 'Percent', value: '15' }],
  dateCreated: '2024-09-01T16:00:00Z',
  dateUpdated: '2024-10-02T09:30:00Z',
};

const charityStackContact = {
  id: 'con_01hx4m2q8v3d7r9t6y5w4e3k2j',
  first_name: 'Maria',
  last_name: 'Lopez',
  name: 'Maria Lopez',
  email: 'maria.lopez@example.com',
  phone_number: '+13125550188',
  subscribed: true,
  external_user_id: null,
  address: { line1: '410 N Michigan Ave', city: 'Chicago', state: 'IL', postal_code: '60611', country: 'US' },
  created_at: '2024-04-25T00:00:00Z',
  updated_at: '2024-04-25T00:00:00Z',
};

const charityStackSubscription = {
  id: 'sub_01hx4m7c2k9p3t5v8w1y6z4b0d',
  amount: 50,
  currency: 'USD',
  status: 'active',
  category: 'Monthly Giving',
  email: 'maria.lopez@example.com',
  schedule: '0 0 25 * *',
  scheduleString: 'Monthly on the 25th',
  dateCreated: '2024-04-25T00:00:00Z',
  dateUpdated: null,
  dateLast: '2024-04-25T00:00:00Z',
  dateNext: '2024-05-25T00:00:00Z',
  formId: 'frm_spring_appeal',
  paymentMethod: { type: 'card', brand: 'visa', last4: '4242', expMonth: 8, expYear: 2028 },
};

const sampleHook = {
  webhookId: 'wh_01hx4kz9mntd8vr2bpqe5ycf3a',
  name: 'Donor CRM sync',
  url: 'https://yourapp.com/webhooks/tidings',
  events: ['donation.created', 'subscription.created', 'subscription.payment_method_updated'],
  status: 'ACTIVE',
  description: 'Production webhook for donation notifications',
  allForms: true,
  formIds: [],
  resourceId: null,
  includeSubOrganizations: false,
  format: 'standard',
  retryPolicy: 'fixed',
  timeoutSeconds: 15,
  createdAt: 1714003200,
  updatedAt: 1714003200,
  lastDeliveryAt: null,
  successCount: 0,
  failureCount: 0,
  disabledReason: null,
};

// ---------------------------------------------------------------------------
// The catalog.

type EventDetails = Omit<EventTypeDefinition, 'name' | 'group' | 'scope'>;

// Typing the sample as the schema's input makes the compiler check every sample
// against its own schema, not only the test suite.
function defineEvent<Schema extends z.ZodType<Record<string, unknown>, Record<string, unknown>>>(details: {
  label: string;
  description: string;
  schema: Schema;
  sample: z.input<Schema>;
}): EventDetails {
  const { sample, ...rest } = details;
  return { ...rest, sample: () => structuredClone(sample) };
}

const EVENT_DEFINITIONS: { [Name in EventTypeName]: EventDetails & { group: EventGroup } } = {
  'donation.created': {
    group: 'donations',
    ...defineEvent({
      label: 'Donation created',
      description:
        'A donation succeeded (NationBuilder "Donation success", Site Stacker contribution_create). Send data.contribution_batch_id for Site Stacker receivers; without it they get "contribution_batch_id": null.',
      schema: ZDonationCreatedData,
      sample: { contribution_batch_id: '9', donation: nationBuilderDonation },
    }),
  },
  'donation.updated': {
    group: 'donations',
    ...defineEvent({
      label: 'Donation updated',
      description: "A donation changed, for example its status or its donor's details.",
      schema: ZDonationEventData,
      sample: {
        donation: { ...nationBuilderDonation, note: 'Matched by employer', updated_at: '2014-02-12T09:05:10-05:00' },
      },
    }),
  },
  'donation.cancelled': {
    group: 'donations',
    ...defineEvent({
      label: 'Donation cancelled',
      description: 'A donation was cancelled or refunded.',
      schema: ZDonationEventData,
      sample: {
        donation: {
          ...nationBuilderDonation,
          canceled_at: '2014-02-13T14:40:02-05:00',
          updated_at: '2014-02-13T14:40:02-05:00',
        },
      },
    }),
  },
  'person.created': {
    group: 'people',
    ...defineEvent({
      label: 'Person created',
      description: 'A person record was created (a signup).',
      schema: ZPersonEventData,
      sample: { signup: nationBuilderSignup },
    }),
  },
  'person.updated': {
    group: 'people',
    ...defineEvent({
      label: 'Person updated',
      description: "A person record's details changed.",
      schema: ZPersonEventData,
      sample: {
        signup: { ...nationBuilderSignup, tag_list: 'donor, volunteer', is_volunteer: true, mobile_number: '5137069737' },
      },
    }),
  },
  'person.contacted': {
    group: 'people',
    ...defineEvent({
      label: 'Person contacted',
      description: 'A contact with a person was logged (a call, a meeting, a thank-you).',
      schema: ZPersonContactedData,
      sample: {
        signup_call: {
          contact_method_id: 0,
          contact_method_name: 'Other',
          contact_status_id: 4,
          contact_status_name: 'Meaningful interaction',
          call_type_id: 6,
          call_type_name: 'Thank you',
          support_level: 1,
          priority_level: 4,
          signup: {
            ...nationBuilderSignup,
            nationbuilder_id: 22,
            email1: null,
            support_level: 1,
            priority_level: 4,
            parent_id: 9,
            point_person_name_or_email: 'Byron Anderson',
            tag_list: 'foobartag, left_feedback, tester',
            created_at: '10/17/2012 10:40 AM',
          },
          author: nationBuilderContactAuthor,
        },
      },
    }),
  },
  'person.type_assigned': {
    group: 'people',
    ...defineEvent({
      label: 'Person type assigned',
      description: 'A person type (such as Donor) was assigned to a person, for example when a new donor appears.',
      schema: ZPersonTypeAssignedData,
      sample: { person_type: { id: '18', name: 'Donor' }, person_id: '4609' },
    }),
  },
  'contact.created': {
    group: 'contacts',
    ...defineEvent({
      label: 'Contact created',
      description: 'A new contact was added.',
      schema: ZContactEventData,
      sample: { contact: charityStackContact },
    }),
  },
  'contact.updated': {
    group: 'contacts',
    ...defineEvent({
      label: 'Contact updated',
      description: "A contact's information was updated.",
      schema: ZContactEventData,
      sample: {
        contact: { ...charityStackContact, phone_number: '+13125550199', updated_at: '2024-05-02T13:15:00Z' },
      },
    }),
  },
  'contact.tag_added': {
    group: 'contacts',
    ...defineEvent({
      label: 'Tag added',
      description: 'A tag was added to a contact. The tag id is the resource id, so a webhook can follow one tag.',
      schema: ZContactTagEventData,
      sample: { contact: kajabiContact, tag: { id: '123', name: 'VIP Customer' } },
    }),
  },
  'contact.tag_removed': {
    group: 'contacts',
    ...defineEvent({
      label: 'Tag removed',
      description: 'A tag was removed from a contact. The tag id is the resource id.',
      schema: ZContactTagEventData,
      sample: { contact: kajabiContact, tag: { id: '123', name: 'VIP Customer' } },
    }),
  },
  'subscription.created': {
    group: 'subscriptions',
    ...defineEvent({
      label: 'Subscription created',
      description: 'A new recurring subscription started.',
      schema: ZSubscriptionEventData,
      sample: { subscription: charityStackSubscription, contact: charityStackContact },
    }),
  },
  'subscription.updated': {
    group: 'subscriptions',
    ...defineEvent({
      label: 'Subscription updated',
      description: 'A subscription was modified, for example its amount or schedule.',
      schema: ZSubscriptionEventData,
      sample: {
        subscription: { ...charityStackSubscription, amount: 75, dateUpdated: '2024-06-03T10:12:00Z' },
        contact: charityStackContact,
      },
    }),
  },
  'subscription.cancelled': {
    group: 'subscriptions',
    ...defineEvent({
      label: 'Subscription cancelled',
      description: 'A subscription was cancelled; no further payments will be taken.',
      schema: ZSubscriptionEventData,
      sample: {
        subscription: {
          ...charityStackSubscription,
          status: 'cancelled',
          dateUpdated: '2024-09-12T08:45:00Z',
          dateNext: null,
        },
        contact: charityStackContact,
      },
    }),
  },
  'subscription.payment_method_updated': {
    group: 'subscriptions',
    ...defineEvent({
      label: 'Subscription payment method updated',
      description: "A subscription's payment method was updated through a hosted update link.",
      schema: ZSubscriptionEventData,
      sample: {
        subscription: {
          ...charityStackSubscription,
          dateUpdated: '2024-07-20T19:02:00Z',
          paymentMethod: { type: 'card', brand: 'mastercard', last4: '4444', expMonth: 3, expYear: 2030 },
        },
        contact: charityStackContact,
        updateSource: 'hosted_update_link',
      },
    }),
  },
  'subscription.processed': {
    group: 'subscriptions',
    ...defineEvent({
      label: 'Subscription processed',
      description: 'A subscription payment or a final deposit was paid (Webconnex "Subscription/Deposit Processed").',
      schema: ZSubscriptionProcessedData,
      sample: {
        id: 'f0c8b7a6d5e44c3b9a2f1e0d9c8b7a61',
        lookupId: '1209931',
        customerId: 845123,
        billing: webconnexBilling,
        orderNumber: 'GIVE-0187',
        orderStatus: 'completed',
        currency: 'USD',
        deductibleTotal: 25,
        subscription: webconnexSubscription,
        transactionReference: 'ch_3P7c8aLkdIwHu7ix0v2Yq1Zb',
        transactionId: 3310457,
        total: 25,
      },
    }),
  },
  'registration.created': {
    group: 'registrations',
    ...defineEvent({
      label: 'Registration',
      description: 'A registrant submitted a new registration (or order) on a form.',
      schema: ZRegistrationData,
      sample: {
        id: 'a9f3c2d18e7b4a6f9c0d2e4b6a8c1f35',
        lookupId: 1204587,
        customerId: 845123,
        billing: webconnexBilling,
        currency: 'USD',
        deductibleTotal: 0,
        orderNumber: 'FALLGALA-0042',
        orderStatus: 'completed',
        registrants: [webconnexRegistrant],
        tickets: [webconnexTicket],
        total: 150,
        transactionReference: 'ch_3P2xQeLkdIwHu7ix1Nq4Tz8R',
        transactionId: 3309876,
        registrationTimestamp: '2024-10-04T17:32:10Z',
      },
    }),
  },
  'registrant.updated': {
    group: 'registrations',
    ...defineEvent({
      label: 'Registrant edited',
      description: "A registrant's details were edited.",
      schema: ZRegistrant,
      sample: {
        ...webconnexRegistrant,
        source: 'admin',
        data: { ...webconnexRegistrant.data, tshirtSize: 'L' },
        registrantTimestamp: '2024-10-06T11:02:45Z',
      },
    }),
  },
  'registrant.cancelled': {
    group: 'registrations',
    ...defineEvent({
      label: 'Registrant cancelled',
      description: 'A registrant was cancelled.',
      schema: ZRegistrant,
      sample: {
        ...webconnexRegistrant,
        status: 'cancelled',
        source: 'admin',
        registrantTimestamp: '2024-10-07T15:20:00Z',
      },
    }),
  },
  'ticket.updated': {
    group: 'registrations',
    ...defineEvent({
      label: 'Ticket edited',
      description: 'A ticket was edited, for example its attendee or selected date.',
      schema: ZTicket,
      sample: {
        ...webconnexTicket,
        source: 'customer',
        data: { ...webconnexTicket.data, mealChoice: 'Fish' },
        ticketTimestamp: '2024-10-06T11:05:12Z',
      },
    }),
  },
  'ticket.cancelled': {
    group: 'registrations',
    ...defineEvent({
      label: 'Ticket cancelled',
      description: 'A ticket was cancelled.',
      schema: ZTicket,
      sample: { ...webconnexTicket, status: 'cancelled', source: 'admin', ticketTimestamp: '2024-10-07T15:21:30Z' },
    }),
  },
  'form.created': {
    group: 'forms',
    ...defineEvent({
      label: 'Form created',
      description: 'A new donation or registration form was created.',
      schema: ZForm,
      sample: { ...webconnexForm, status: 'draft', datePublished: null },
    }),
  },
  'form.updated': {
    group: 'forms',
    ...defineEvent({
      label: 'Form updated',
      description: "A form's configuration changed.",
      schema: ZForm,
      sample: { ...webconnexForm, registrationEnd: '2024-11-08T20:00:00Z' },
    }),
  },
  'form.published': {
    group: 'forms',
    ...defineEvent({
      label: 'Form publish',
      description: 'A form was published, whether new or updated.',
      schema: ZForm,
      sample: webconnexForm,
    }),
  },
  'form.submitted': {
    group: 'forms',
    ...defineEvent({
      label: 'Form submission',
      description: 'Someone submitted a form.',
      schema: ZFormSubmittedData,
      sample: {
        form_submission: {
          id: '5520193',
          name: 'Sample Recipient',
          email: 'sample@example.com',
          phone_number: '5555555555',
          business_number: null,
          address_line_1: '123 Kajabi Ln',
          address_city: 'Kajabiwood',
          address_state: 'Kajabifornia',
          address_zip: '99999',
          address_country: 'US',
          custom_1: 'Newsletter',
          custom_2: null,
          custom_3: null,
          created_at: '2025-07-31T16:51:04.010Z',
        },
        form: { id: '20417', name: 'Webinar sign-up' },
        contact: kajabiContact,
        tags: [{ id: '123', name: 'Webinar Attendee' }],
      },
    }),
  },
  'purchase.created': {
    group: 'commerce',
    ...defineEvent({
      label: 'Purchase',
      description: 'A customer made a purchase of an offer.',
      schema: ZPurchaseData,
      sample: {
        purchase: {
          id: '4410236',
          amount_in_cents: 1000,
          payment_type: 'single',
          multipay_payments_made: null,
          opt_in: false,
          currency: 'USD',
          coupon_code: null,
          source: null,
          referrer: null,
          quantity: 1,
          created_at: '2025-07-31T16:59:27.580Z',
          updated_at: '2025-07-31T16:59:27.580Z',
        },
        offer: kajabiOffer,
        customer: kajabiCustomer,
      },
    }),
  },
  'order.created': {
    group: 'commerce',
    ...defineEvent({
      label: 'Order created',
      description: 'A new order was created.',
      schema: ZOrderData,
      sample: {
        order: {
          id: '601877',
          order_number: 1042,
          currency_code: 'USD',
          fulfilled_at: null,
          created_at: '2025-07-31T17:13:05.207Z',
          total_price_in_cents: 1000,
          subtotal_in_cents: 800,
          sales_tax_amount_in_cents: 200,
          discount_amount_in_cents: 0,
          formatted_total_price: '$10.00',
          formatted_subtotal: '$8.00',
          currency_symbol: '$',
        },
        order_items: [{ id: '733104', quantity: 1, offer: kajabiOffer }],
        customer: kajabiCustomer,
        transaction: kajabiTransaction,
      },
    }),
  },
  'payment.succeeded': {
    group: 'commerce',
    ...defineEvent({
      label: 'Payment succeeded',
      description: 'A payment transaction completed successfully.',
      schema: ZPaymentSucceededData,
      sample: { transaction: kajabiTransaction, customer: kajabiCustomer, offer: kajabiOffer },
    }),
  },
  'inventory.threshold_reached': {
    group: 'inventory',
    ...defineEvent({
      label: 'Inventory supply',
      description: 'An inventory item reached 80 %, 90 % or 100 % of its capacity sold (data.threshold).',
      schema: ZInventoryData,
      sample: {
        id: '9c1d2e3f4a5b4c6d8e7f0a1b2c3d4e5f',
        threshold: 80,
        inventory: { quantity: 200, sold: 160 },
        itemName: 'General Admission',
        itemPath: 'tickets.generalAdmission',
        formName: 'Fall Gala 2024',
        formLookupId: 482913,
        lookupId: 66120,
        dateCreated: '2024-09-01T16:00:00Z',
        dateUpdated: '2024-10-04T17:32:10Z',
      },
    }),
  },
  'coupon.created': {
    group: 'coupons',
    ...defineEvent({
      label: 'Coupon created',
      description: 'A coupon was created.',
      schema: ZCoupon,
      sample: {
        ...webconnexCoupon,
        redeemed: 0,
        codes: webconnexCoupon.codes.map((code) => ({ ...code, redeemed: 0 })),
        dateUpdated: null,
      },
    }),
  },
  'coupon.updated': {
    group: 'coupons',
    ...defineEvent({
      label: 'Coupon updated',
      description: 'A coupon was edited.',
      schema: ZCoupon,
      sample: { ...webconnexCoupon, available: 150 },
    }),
  },
  'coupon.redeemed': {
    group: 'coupons',
    ...defineEvent({
      label: 'Coupon redeemed',
      description: 'A coupon code was redeemed on an order.',
      schema: ZCoupon,
      sample: webconnexCoupon,
    }),
  },
  'sms_donation.created': {
    group: 'sms',
    ...defineEvent({
      label: 'SMS donation',
      description: 'A follow-up text-to-give donation was created (the first one arrives as a registration).',
      schema: ZSmsDonationData,
      sample: {
        id: 'd3e4f5a6b7c84d9e0f1a2b3c4d5e6f70',
        lookupId: '1210455',
        customerId: 845123,
        transactionId: 3311092,
        transactionReference: 'ch_3P9dKfLkdIwHu7ix2Rt5Uv0W',
        transactionStatus: 'completed',
        orderStatus: 'completed',
        orderNumber: 'TEXT2GIVE-0311',
        total: 20,
        currency: 'USD',
        deductibleTotal: 20,
        email: 'jane.smith@example.com',
        category: 'General Fund',
        donorNumber: '+16195550143',
        text2GiveNumber: '20',
        billing: webconnexBilling,
      },
    }),
  },
  ping: {
    group: 'system',
    ...defineEvent({
      label: 'Ping',
      description: "Sent when a webhook is created, to confirm it is set up; data is the webhook's configuration.",
      schema: ZPingData,
      sample: { hook: sampleHook, zen: 'Design for failure.' },
    }),
  },
  'webhook.disabled': {
    group: 'system',
    ...defineEvent({
      label: 'Webhook disabled',
      description: 'A webhook was turned off by Tidings after failing repeatedly; an admin can re-enable it.',
      schema: ZWebhookDisabledData,
      sample: {
        webhookId: 'wh_01hx4kz9mntd8vr2bpqe5ycf3a',
        url: 'https://yourapp.com/webhooks/tidings',
        reason: 'Every attempt failed for 5 days (last error: HTTP 503)',
        disabledAt: '2024-05-01T12:00:00.000Z',
        consecutiveFailures: 50,
      },
    }),
  },
};

export const EVENT_CATALOG: readonly EventTypeDefinition[] = EVENT_TYPE_NAME_LIST.map((name) => {
  const definition = EVENT_DEFINITIONS[name];
  return { name, ...definition, scope: EVENT_GROUP_SCOPES[definition.group] };
});

export const EVENT_TYPE_NAMES: string[] = [...EVENT_TYPE_NAME_LIST];

const EVENT_TYPES_BY_NAME: ReadonlyMap<string, EventTypeDefinition> = new Map(
  EVENT_CATALOG.map((definition) => [definition.name, definition]),
);

export function isEventType(name: string): name is EventTypeName {
  return EVENT_TYPES_BY_NAME.has(name);
}

export function getEventType(name: string): EventTypeDefinition | undefined {
  return EVENT_TYPES_BY_NAME.get(name);
}

// A ping goes to one new webhook (or a "Send a test"), never to other subscribers,
// so neither an explicit subscription nor the wildcard selects it.
export const SUBSCRIBABLE_EVENT_TYPES: readonly string[] = EVENT_TYPE_NAME_LIST.filter((name) => name !== 'ping');

/** Whether a webhook subscribed to `events` (names or `["*"]`) receives an event of `type`. */
export function isSubscribedTo(events: readonly string[], type: string): boolean {
  if (type === 'ping' || !isEventType(type)) return false;
  return events.includes(WILDCARD) || events.includes(type);
}
