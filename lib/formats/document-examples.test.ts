import { describe, expect, it } from 'vitest';
import { departuresFromExample, DOCUMENT_EXAMPLES, pathsOf } from '../../tests/support/document-examples';
import { makeInput, parseBody, sample } from '../../tests/support/format-requests';
import { nationBuilderFormat } from './nationbuilder';
import { siteStackerFormat } from './sitestacker';

// The catalog samples (Send a Test, GET /event-types/{type}/sample, the demo) are the
// documents' own examples: a receiver written from a document sees in a test what the
// platform really sends. Judged on the bodies the formats build, against the examples
// copied verbatim from the documents (tests/support/seed-examples).

const { nationBuilderPerson, nationBuilderDonation, nationBuilderContact, siteStackerContributionCreate, siteStackerPersonTypeAssignment } = DOCUMENT_EXAMPLES;

const nationBuilderBody = (type: string) => parseBody(nationBuilderFormat.buildRequest(makeInput(type, { sharedToken: 'sharedsecret' })));

describe('the NationBuilder samples', () => {
  it.each([
    ['person.created', nationBuilderPerson],
    ['person.updated', nationBuilderPerson],
    ['donation.created', nationBuilderDonation],
    ['donation.updated', nationBuilderDonation],
    ['donation.cancelled', nationBuilderDonation],
    ['person.contacted', nationBuilderContact],
  ] as const)('%s: every path of the document example, with its type', (type, example) => {
    expect(departuresFromExample(example, nationBuilderBody(type))).toEqual([]);
  });

  it('hold as many fields as the document examples (118 signup, 106 donation, the contact author in full)', () => {
    expect(pathsOf(sample('person.created').signup)).toHaveLength(pathsOf(nationBuilderPerson.payload.signup).length);
    expect(pathsOf(sample('donation.created').donation)).toHaveLength(pathsOf(nationBuilderDonation.payload.donation).length);
    const call = sample('person.contacted').signup_call as Record<string, unknown>;
    expect(pathsOf(call.author)).toHaveLength(pathsOf(nationBuilderContact.payload.signup_call.author).length);
    expect(pathsOf(call.signup)).toHaveLength(pathsOf(nationBuilderContact.payload.signup_call.signup).length);
  });

  it('person.created, donation.created and person.contacted are the examples field for field', () => {
    expect(sample('person.created').signup).toEqual(nationBuilderPerson.payload.signup);
    expect(sample('donation.created').donation).toEqual(nationBuilderDonation.payload.donation);
    expect(sample('person.contacted').signup_call).toEqual(nationBuilderContact.payload.signup_call);
  });
});

describe('the Site Stacker samples', () => {
  it.each([
    ['donation.created', siteStackerContributionCreate],
    ['person.type_assigned', siteStackerPersonTypeAssignment],
  ] as const)('%s: the document payload, with its types', (type, example) => {
    expect(departuresFromExample(example, parseBody(siteStackerFormat.buildRequest(makeInput(type))))).toEqual([]);
  });
});
