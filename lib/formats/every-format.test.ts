import { describe, expect, it } from 'vitest';
import { header, makeInput } from '../../tests/support/format-requests';
import { EVENT_TYPE_NAMES } from '../events/catalog/names';
import { WEBHOOK_FORMATS } from '../webhooks/webhook-schema';
import { charityStackFormat } from './charitystack';
import { kajabiFormat } from './kajabi';
import { nationBuilderFormat } from './nationbuilder';
import { siteStackerFormat } from './sitestacker';
import { webconnexFormat } from './webconnex';
import type { WireFormat } from './wire-format';

// Every seed format, every catalog sample.

const SEED_FORMATS: WireFormat[] = [siteStackerFormat, webconnexFormat, nationBuilderFormat, kajabiFormat, charityStackFormat];
const MAX_BODY_BYTES = 256 * 1024;

describe('every seed format', () => {
  it('posts JSON of at most 256 KB for every catalog event', () => {
    for (const format of SEED_FORMATS) {
      for (const type of EVENT_TYPE_NAMES) {
        const request = format.buildRequest(makeInput(type));
        // docs/wire-formats.md#every-format: a POST of application/json, a body of at most 256 KB
        expect(header(request, 'Content-Type'), `${format.name} ${type}`).toBe('application/json');
        expect(() => JSON.parse(request.body), `${format.name} ${type}`).not.toThrow();
        expect(Buffer.byteLength(request.body), `${format.name} ${type}`).toBeLessThanOrEqual(MAX_BODY_BYTES);
      }
    }
  });

  it('is registered under the names the webhook settings accept', async () => {
    // Imported lazily: the registry also loads `standard`, whose signing module lives elsewhere.
    const { getWireFormat } = await import('./index');
    for (const name of WEBHOOK_FORMATS) expect(getWireFormat(name).name).toBe(name);
    expect(getWireFormat('unknown').name).toBe('standard');
  });
});
