import 'server-only';
import nodemailer, { type Transporter } from 'nodemailer';
import { env } from '../env';
import { logger } from '../log';

// Outgoing mail for every feature (invitations, webhook warnings): one transport per process,
// configured by TIDINGS_SMTP_URL. Mail is a courtesy, never a request's failure: without the
// variable nothing is sent, and a refused or unreachable server is logged and reported as
// `sent: false`. Logs never carry the message (it may hold a link with a token) nor the URL
// (it may hold the SMTP password).

export type MailMessage = { to: string[]; subject: string; text: string; html?: string };

let transport: { url: string; transporter: Transporter } | undefined;

function transporterFor(url: string): Transporter {
  if (transport?.url !== url) {
    transport?.transporter.close();
    transport = {
      url,
      transporter: nodemailer.createTransport(url, {
        // A slow or silent server must not hold a request for minutes.
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
      }),
    };
  }
  return transport.transporter;
}

/** The SMTP server's host and port, for logs (never its user or password). */
function describeServer(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '(unparsable TIDINGS_SMTP_URL)';
  }
}

export function mailConfigured(): boolean {
  return Boolean(env().TIDINGS_SMTP_URL);
}

export async function sendMail(message: MailMessage): Promise<{ sent: boolean }> {
  const configuration = env();
  const url = configuration.TIDINGS_SMTP_URL;
  if (!url || message.to.length === 0) return { sent: false };
  try {
    await transporterFor(url).sendMail({
      from: configuration.TIDINGS_MAIL_FROM,
      to: message.to,
      subject: message.subject,
      text: message.text,
      ...(message.html ? { html: message.html } : {}),
    });
    return { sent: true };
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
    const responseCode = typeof error === 'object' && error !== null && 'responseCode' in error ? Number(error.responseCode) : undefined;
    logger().warn({ server: describeServer(url), code, responseCode, recipients: message.to.length, subject: message.subject }, 'mail not sent');
    return { sent: false };
  }
}
