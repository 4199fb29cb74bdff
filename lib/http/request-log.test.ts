import { format } from 'node:util';
import { describe, expect, it } from 'vitest';
import { logFailedRequest, maskConsoleOutput, maskRequestUrl } from './request-log';

// Request URLs in the web server's log never carry the credentials some paths hold: a
// consumer portal token (/portal/<token>, /api/portal/<token>/…), an inbox token
// (/inbox/<token>) or an invitation token (/invitation…; normally in the fragment, which
// browsers do not send, but a link pasted wrongly may carry it in the path or query).

const PORTAL = 'tdp_Q2hhcmxpZUJyb3duSXNBR29vZE1hbkFuZEFHb29kRG9n';
const INBOX = 'in5pQx7kVb2mWc9rLt';
const INVITATION = 'tdi_SGVyZUlzQW5JbnZpdGF0aW9uVG9rZW5Ub29Mb25nWFlaMDE';

const URLS = [
  `/portal/${PORTAL}`,
  `/portal/${PORTAL}/deliveries?status=FAILED`,
  `/api/portal/${PORTAL}/deliveries/dlv_1/resend`,
  `/inbox/${INBOX}`,
  `/inbox/${INBOX}?x=1`,
  `/invitation?token=${INVITATION}`,
  `/invitation/${INVITATION}`,
  `/invitation#${INVITATION}`,
  `/INBOX/${INBOX}`,
  `/portal/${encodeURIComponent(PORTAL)}%2Fmore`,
];

describe('the web server request log', () => {
  it('masks the token of every portal, inbox and invitation URL', () => {
    for (const url of URLS) {
      const masked = maskRequestUrl(url);
      for (const token of [PORTAL, INBOX, INVITATION]) expect(masked, url).not.toContain(token);
      expect(masked, url).toMatch(/^\/(?:api\/)?(?:portal|inbox|INBOX|invitation)/);
    }
    // Other paths are kept as they are, for the operator to read.
    expect(maskRequestUrl('/api/v1/webhooks/wh_123/deliveries?status=FAILED')).toBe('/api/v1/webhooks/wh_123/deliveries?status=FAILED');
    expect(maskRequestUrl('/api/v1/invitations/inv_123')).toBe('/api/v1/invitations/inv_123');
  });

  it('a failed request is logged without the token, even when the error repeats the URL', () => {
    for (const url of URLS) {
      const lines: string[] = [];
      const error = new Error(`Failed to render ${url}`);
      logFailedRequest(url, error, (line) => lines.push(line));
      const output = lines.join('\n');
      expect(output).toContain('failed');
      for (const token of [PORTAL, INBOX, INVITATION]) expect(output, url).not.toContain(token);
    }
  });

  it("what Next.js itself writes through the console is masked too", () => {
    const written: string[] = [];
    const push = (...args: unknown[]) => void written.push(String(args[0]));
    const target = { log: push, info: push, warn: push, error: push };
    maskConsoleOutput(target as never, format);
    for (const url of URLS) {
      target.error('Error handling', url, new Error(`at ${url}`));
      target.log(`GET ${url} 200`);
    }
    expect(written).toHaveLength(URLS.length * 2);
    for (const token of [PORTAL, INBOX, INVITATION]) expect(written.join('\n')).not.toContain(token);
  });
});
