import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { resetEnvCache } from '../../lib/env';

export type ReceivedMail = { to: string[]; subject: string; text: string };

/**
 * A real SMTP server on loopback that keeps every message it is given, parsed; while it
 * runs, TIDINGS_SMTP_URL points at it, so lib/mail sends here.
 */
export async function startSmtpReceiver(): Promise<{ received: ReceivedMail[]; stop: () => Promise<void> }> {
  const received: ReceivedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((address) => address.value.map((entry) => entry.address ?? ''));
          received.push({ to, subject: mail.subject ?? '', text: mail.text ?? '' });
          callback();
        })
        .catch(callback);
    },
  });
  smtp.listen(0, '127.0.0.1');
  await once(smtp.server, 'listening');
  process.env.TIDINGS_SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  resetEnvCache();
  return {
    received,
    stop: async () => {
      delete process.env.TIDINGS_SMTP_URL;
      resetEnvCache();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
}
