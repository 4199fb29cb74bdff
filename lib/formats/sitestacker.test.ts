import { describe, expect, it } from 'vitest';
import {
  constantTimeEqual,
  DELIVERY_ID,
  header,
  hexHmacSha256,
  makeInput,
  NOW,
  parseBody,
  PREVIOUS_SECRET,
  sample,
  SECRET,
} from '../../tests/support/format-requests';
import { charityStackFormat } from './charitystack';
import { siteStackerFormat } from './sitestacker';
import { webconnexFormat } from './webconnex';
import type { WireRequest } from './wire-format';

// Each block checks a request the way a receiver written from the seed's document
// would: it reads the headers the seed names, recomputes the signature the way the seed
// describes (with node:crypto, never with the format's own helpers: see
// tests/support/format-requests.ts) and reads the body fields the seed documents. The
// comment on each assertion quotes the seed.

/** A receiver written from the Site Stacker page's "Delivery headers" table. */
function receiveSiteStacker(request: WireRequest, secret: string) {
  const signature = header(request, 'SiteStacker-Signature');
  return {
    event: header(request, 'SiteStacker-Event'),
    delivery: header(request, 'SiteStacker-Delivery'),
    signature,
    // "HMAC hex digest of the payload, using the hook's secret as the key (if configured)."
    verified: signature !== undefined && constantTimeEqual(signature, hexHmacSha256(secret, request.body)),
    payload: parseBody(request),
  };
}

describe('sitestacker format', () => {
  it('sends contribution_create with the contribution batch id, signed with the hook secret', () => {
    const request = siteStackerFormat.buildRequest(makeInput('donation.created'));
    const received = receiveSiteStacker(request, SECRET);
    // "When a contribution is created in Site Stacker, we'll send a `contribution_create` event."
    expect(received.event).toBe('contribution_create');
    // "`SiteStacker-Signature` | HMAC hex digest of the payload, using the hook's secret as the key"
    expect(received.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(received.verified).toBe(true);
    // "`SiteStacker-Delivery` | Unique ID for this delivery."
    expect(received.delivery).toBe(DELIVERY_ID);
    // "Also, the `User-Agent` for the requests will be `SiteStacker`."
    expect(header(request, 'User-Agent')).toBe('SiteStacker');
    // "All event payloads are sent as json."
    expect(header(request, 'Content-Type')).toBe('application/json');
    // "Contribution create Payload: { "contribution_batch_id": "9" }": the data, no envelope.
    expect(received.payload.contribution_batch_id).toBe('9');
    expect(received.payload).toEqual(sample('donation.created'));
  });

  it("sends the document's payload for the document's event, ids as its strings", () => {
    // "Contribution create Payload: { "contribution_batch_id": "9" }": exactly that, whatever type the platform used.
    for (const sent of ['9', 9]) {
      const request = siteStackerFormat.buildRequest(makeInput('donation.created', { data: { contribution_batch_id: sent } }));
      expect(parseBody(request)).toEqual({ contribution_batch_id: '9' });
    }
    // A donation from a platform without batches: the promised key is there, and says there is none.
    const withoutBatch = siteStackerFormat.buildRequest(makeInput('donation.created', { data: { donation: sample('donation.updated').donation } }));
    expect(parseBody(withoutBatch).contribution_batch_id).toBeNull();
    // "{ "person_type": { "id": "18", "name": "Donor" }, "person_id": "4609" }"
    const numeric = siteStackerFormat.buildRequest(makeInput('person.type_assigned', { data: { person_type: { id: 18, name: 'Donor' }, person_id: 4609 } }));
    expect(parseBody(numeric)).toEqual({ person_type: { id: '18', name: 'Donor' }, person_id: '4609' });
  });

  it('spells its headers as the document does', () => {
    const request = siteStackerFormat.buildRequest(makeInput('donation.created'));
    // "`SiteStacker-Event` … `SiteStacker-Signature` … `SiteStacker-Delivery`", "`User-Agent`"
    expect(Object.keys(request.headers)).toEqual(expect.arrayContaining(['SiteStacker-Event', 'SiteStacker-Signature', 'SiteStacker-Delivery', 'User-Agent']));
  });

  it('sends person_type_assignment with the seed payload', () => {
    const request = siteStackerFormat.buildRequest(makeInput('person.type_assigned'));
    const received = receiveSiteStacker(request, SECRET);
    // "When a person type is assigned to a person record, we'll send a `person_type_assignment` event."
    expect(received.event).toBe('person_type_assignment');
    expect(received.verified).toBe(true);
    // "Person type assignment Payload: { "person_type": { "id": "18", "name": "Donor" }, "person_id": "4609" }"
    expect(received.payload).toEqual({ person_type: { id: '18', name: 'Donor' }, person_id: '4609' });
  });

  it('sends ping with the webhook configuration under `hook`', () => {
    const request = siteStackerFormat.buildRequest(makeInput('ping'));
    const received = receiveSiteStacker(request, SECRET);
    // "When you create a new webhook, we'll send you a simple `ping` event"
    expect(received.event).toBe('ping');
    expect(received.verified).toBe(true);
    // "Ping Event Payload: `hook` | The webhook configuration"
    expect(received.payload.hook).toMatchObject({ webhookId: expect.any(String), url: expect.any(String), events: expect.any(Array) });
    expect(request.body).not.toContain('whsec_');
  });

  it('sends events Site Stacker has no name for under their catalog name', () => {
    const request = siteStackerFormat.buildRequest(makeInput('registration.created'));
    // "`SiteStacker-Event` | Name of the event that triggered this delivery." (no seed name: the catalog's)
    expect(receiveSiteStacker(request, SECRET).event).toBe('registration.created');
  });

  it('omits the signature header when the hook has no secret', () => {
    for (const secrets of [[], ['']]) {
      const request = siteStackerFormat.buildRequest(makeInput('donation.created', { secrets }));
      // "HMAC hex digest of the payload, using the hook's secret as the key (if configured)."
      expect(header(request, 'SiteStacker-Signature')).toBeUndefined();
      expect(header(request, 'SiteStacker-Event')).toBe('contribution_create');
    }
  });

  it('keeps signing with the previous secret during the 24 h after a rotation, then with the new one', () => {
    // "using the hook's secret as the key": one header. Tidings' choice (README "Wire formats"): the secret the
    // receiver already holds signs until the overlap ends, so a receiver never fails while it moves to the new one.
    const during = siteStackerFormat.buildRequest(makeInput('donation.created', { secrets: [SECRET, PREVIOUS_SECRET] }));
    expect(receiveSiteStacker(during, PREVIOUS_SECRET).verified).toBe(true);
    expect(receiveSiteStacker(during, SECRET).verified).toBe(false);
    const after = siteStackerFormat.buildRequest(makeInput('donation.created', { secrets: [SECRET] }));
    expect(receiveSiteStacker(after, SECRET).verified).toBe(true);
    for (const format of [webconnexFormat, charityStackFormat]) {
      const request = format.buildRequest(makeInput('donation.created', { secrets: [SECRET, PREVIOUS_SECRET] }));
      const signature = header(request, format === webconnexFormat ? 'X-Webconnex-Signature' : 'X-Webhook-Signature');
      const signed = format === webconnexFormat ? request.body : `${NOW}.${request.body}`;
      const expected = hexHmacSha256(PREVIOUS_SECRET, signed);
      expect(signature, format.name).toBe(format === webconnexFormat ? expected : `sha256=${expected}`);
    }
  });
});
