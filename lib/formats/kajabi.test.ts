import { describe, expect, it } from 'vitest';
import { header, makeInput, parseBody, sample } from '../../tests/support/format-requests';
import { kajabiFormat } from './kajabi';

// Each block checks a request the way a receiver written from the seed's document
// would: it reads the headers the seed names, recomputes the signature the way the seed
// describes (with node:crypto, never with the format's own helpers: see
// tests/support/format-requests.ts) and reads the body fields the seed documents. The
// comment on each assertion quotes the seed.

describe('kajabi format', () => {
  it('sends tag_added as { id, event, payload } with the tag as the resource', () => {
    const request = kajabiFormat.buildRequest(makeInput('contact.tag_added'));
    const body = parseBody(request);
    // "The actual payloads are sent … with the following JSON body: { "id": "hash_id", "event": "tag_added", "payload": [] }"
    expect(Object.keys(body).sort()).toEqual(['event', 'id', 'payload']);
    // "The event is the type of event that triggered the webhook."
    expect(body.event).toBe('tag_added');
    // "The id is the ID of the resource that triggered the event." / resource_id: "for example the id of the Contact Tag"
    expect(body.id).toBe('123');
    // "The payload is the actual payload of the event and the content will be similar to the sample payloads above."
    expect(body.payload).toEqual(sample('contact.tag_added'));
    expect(header(request, 'Content-Type')).toBe('application/json');
  });

  it('uses the resource id the event was emitted with', () => {
    const request = kajabiFormat.buildRequest(makeInput('contact.tag_removed', { event: { resourceId: '2212' } }));
    // "The id is the ID of the resource that triggered the event." "tag_removed | Tag is removed from a contact"
    expect(parseBody(request)).toMatchObject({ id: '2212', event: 'tag_removed' });
  });

  it('maps every Kajabi event to its seed name and resource', () => {
    const expected: [string, string, string][] = [
      // "purchase | Customer makes a purchase"
      ['purchase.created', 'purchase', '4410236'],
      // "payment_succeeded | Payment transaction completes successfully"
      ['payment.succeeded', 'payment_succeeded', '77031906'],
      // "order_created | New order is created"
      ['order.created', 'order_created', '601877'],
      // "form_submission | Someone submits a form"
      ['form.submitted', 'form_submission', '20417'],
      // No Kajabi name: the catalog name, and the donation as the resource (as ingestion derives it).
      ['donation.created', 'donation.created', '87'],
    ];
    for (const [canonical, seedName, resourceId] of expected) {
      const body = parseBody(kajabiFormat.buildRequest(makeInput(canonical)));
      expect(body, canonical).toEqual({ id: resourceId, event: seedName, payload: sample(canonical) });
    }
  });

  it('adds no Authorization header itself (the delivery code adds the API token, when set)', () => {
    const request = kajabiFormat.buildRequest(makeInput('contact.tag_added'));
    // Kajabi: "Bearer authentication header of the form Bearer <token>" is only sent when the admin set a token.
    expect(header(request, 'Authorization')).toBeUndefined();
  });
});
