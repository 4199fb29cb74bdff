import { describe, expect, it } from 'vitest';
import { header, makeInput, parseBody, sample } from '../../tests/support/format-requests';
import { nationBuilderFormat } from './nationbuilder';
import { MissingDeliverySetting } from './wire-format';

// Each block checks a request the way a receiver written from the seed's document
// would: it reads the headers the seed names, recomputes the signature the way the seed
// describes (with node:crypto, never with the format's own helpers: see
// tests/support/format-requests.ts) and reads the body fields the seed documents. The
// comment on each assertion quotes the seed.

describe('nationbuilder format', () => {
  it('sends a person creation as { token, payload: { signup } }', () => {
    const request = nationBuilderFormat.buildRequest(makeInput('person.created'));
    const body = parseBody(request);
    // Person Creation/Update sample: { "token": "sharedsecret", "payload": { "signup": { "nationbuilder_id": 65536, … } } }
    expect(body).toEqual({ token: 'sharedsecret', payload: { signup: sample('person.created').signup } });
    expect(body.payload).toMatchObject({ signup: { nationbuilder_id: 65536, first_name: 'John', email1: 'person@example.com' } });
  });

  it('carries the nation shared token, which is how a receiver authenticates', () => {
    const request = nationBuilderFormat.buildRequest(makeInput('donation.created', { sharedToken: 'nb-token-42' }));
    // "you can attach a shared secret token to your nation which will be attached to the payload via the key `token`"
    expect(parseBody(request).token).toBe('nb-token-42');
  });

  it('sends donations and contacts in the seed payload shapes', () => {
    const donation = parseBody(nationBuilderFormat.buildRequest(makeInput('donation.updated')));
    // Donation Success/Update/Cancel sample: "payload": { "donation": { "amount_in_cents": 2020, "id": 87, … } }, "token": "sharedsecret"
    expect(donation.token).toBe('sharedsecret');
    expect(donation.payload).toMatchObject({ donation: { id: 87, amount_in_cents: 2020, donor: { id: 75408 } } });
    const contact = parseBody(nationBuilderFormat.buildRequest(makeInput('person.contacted')));
    // Person Contact sample: "payload": { "signup_call": { "contact_status_name": "Meaningful interaction", … } }
    expect(contact.payload).toMatchObject({ signup_call: { contact_status_name: 'Meaningful interaction', signup: { nationbuilder_id: 22 } } });
  });

  it('adds no headers beyond the content type and user agent', () => {
    const request = nationBuilderFormat.buildRequest(makeInput('person.updated'));
    // The seed's samples are bare "POST https://www.example.com/webhook" requests with a JSON body.
    expect(Object.keys(request.headers).map((name) => name.toLowerCase()).sort()).toEqual(['content-type', 'user-agent']);
    expect(header(request, 'Content-Type')).toBe('application/json');
  });

  it('sends nothing while the nation has no token (a receiver could not trust it)', () => {
    // "you can attach a shared secret token to your nation which will be attached to the payload via the key `token`"
    expect(() => nationBuilderFormat.buildRequest(makeInput('person.created', { sharedToken: null }))).toThrow(MissingDeliverySetting);
    expect(() => nationBuilderFormat.buildRequest(makeInput('person.created', { sharedToken: '' }))).toThrow(MissingDeliverySetting);
  });

  it('carries nation_slug in donation bodies, as the donation sample does, and not in person bodies', () => {
    // Donation sample: { "nation_slug": "foobar", "payload": { "donation": … }, "token": "sharedsecret" }
    expect(parseBody(nationBuilderFormat.buildRequest(makeInput('donation.cancelled')))).toMatchObject({ nation_slug: 'foobar', token: 'sharedsecret' });
    // Person sample: { "token": "sharedsecret", "payload": { "signup": … } }
    expect(parseBody(nationBuilderFormat.buildRequest(makeInput('person.updated')))).not.toHaveProperty('nation_slug');
  });

  it('stores the request with the token masked, and sends the real one', () => {
    const request = nationBuilderFormat.buildRequest(makeInput('donation.created', { sharedToken: 'nb-token-42' }));
    expect(parseBody(request).token).toBe('nb-token-42');
    expect(request.storedBody).toBeDefined();
    expect(request.storedBody).not.toContain('nb-token-42');
    const stored = JSON.parse(request.storedBody!) as Record<string, unknown>;
    expect(stored.token).toMatch(/^•+$/);
    expect(stored.payload).toEqual(parseBody(request).payload);
  });
});
