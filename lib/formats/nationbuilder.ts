import { MissingDeliverySetting, SECRET_MASK, USER_AGENT, type FormatInput, type WireFormat, type WireRequest } from './wire-format';

// NationBuilder (shared/seeds NationBuilder "Webhooks"): no signature and no event-name
// header; the body is `{ "token": "sharedsecret", "payload": { … } }` and the token is how a
// receiver decides to trust the request ("you can attach a shared secret token to your
// nation which will be attached to the payload via the key `token`").
//
// - The token is the organization's (Settings → Organization, or PUT /api/v1/organization/
//   shared-token); a sub-organization's events reach a parent's webhook with the parent's
//   token ("accompanied by the webhook token belonging to the parent nation"). The caller
//   resolves which token that is; this format only places it. Without one nothing is sent.
// - Donation bodies carry `nation_slug`, as the document's current donation sample does
//   (its person samples do not): the slug of the organization the event happened in.
// - The catalog already stores NationBuilder-origin data in the seed's payload shape
//   (`{ donation }`, `{ signup }`, `{ signup_call }`), so it goes out unchanged.
// - The token is a secret in a body: the stored copy of the request has it masked.

export const nationBuilderFormat: WireFormat = {
  name: 'nationbuilder',
  buildRequest(input: FormatInput): WireRequest {
    const token = input.sharedToken;
    if (!token) {
      throw new MissingDeliverySetting(
        'The organization has no NationBuilder shared token: set one in Settings (or PUT /api/v1/organization/shared-token)',
      );
    }
    const { event } = input;
    const slug = event.type.startsWith('donation.') ? { nation_slug: event.organizationSlug } : {};
    const bodyWith = (value: string) => JSON.stringify({ ...slug, payload: event.data, token: value });
    return {
      body: bodyWith(token),
      storedBody: bodyWith(SECRET_MASK),
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': USER_AGENT,
      },
    };
  },
};
