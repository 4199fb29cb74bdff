import { USER_AGENT, type FormatInput, type WireFormat, type WireRequest } from './wire-format';

// NationBuilder (shared/seeds NationBuilder "Webhooks"): no signature and no event-name
// header; the body is `{ "token": "sharedsecret", "payload": { … } }` and the token is how a
// receiver decides to trust the request ("you can attach a shared secret token to your
// nation which will be attached to the payload via the key `token`").
//
// The catalog already stores NationBuilder-origin data in the seed's payload shape
// (`{ donation }`, `{ signup }`, `{ signup_call }`), so it goes out unchanged.
//
// The seed's current donation sample also carries `"nation_slug": "foobar"`. FormatInput has
// the organization's id but not its slug, and a made-up value under that name would mislead
// a receiver that compares it with its nation's slug, so it is left out until the slug is
// passed in.

export const nationBuilderFormat: WireFormat = {
  name: 'nationbuilder',
  buildRequest(input: FormatInput): WireRequest {
    return {
      // Subnation events reach a parent's webhook with the parent's token (docs/delivery-semantics.md#matching); the caller
      // resolves which organization's token that is, this format only places it.
      body: JSON.stringify({ token: input.sharedToken ?? '', payload: input.event.data }),
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
      },
    };
  },
};
