import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { MailContent } from './templates';
import type { DeliverySettings } from './settings';

/** Sends one e-mail; resolves with a short description of what the server (or the file) answered. */
export interface Mailer {
  send(to: string, content: MailContent, id: string): Promise<string>;
  close(): void;
}

/**
 * The SMTP transport's options: the URL and timeouts well below the claim's lease (`queue.ts` `LEASE_MS`,
 * 60 s), so that a hung server fails the attempt (retried) before another instance may send it again —
 * nodemailer's own defaults (2 min to connect, 30 s for the greeting, 10 min of socket silence) outlast it.
 */
export function smtpTransportOptions(url: string) {
  return { url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };
}

/**
 * With `SMTP_URL`, nodemailer's SMTP transport (`smtp://`, `smtps://`, credentials in the URL); without it,
 * each message is written as an `.eml` file under `<DATA_DIR>/mail/` (nodemailer's stream transport builds
 * the same RFC 822 message), which any mail reader opens.
 */
export function createMailer(settings: Pick<DeliverySettings, 'smtpUrl' | 'mailFrom' | 'mailDir'>): Mailer {
  if (settings.smtpUrl) {
    const transport = nodemailer.createTransport(smtpTransportOptions(settings.smtpUrl));
    return {
      async send(to, content, id) {
        const info = await transport.sendMail({
          from: settings.mailFrom,
          to,
          ...content,
          headers: { 'X-Passerelle-Delivery': id },
        });
        return String(info.response ?? 'sent');
      },
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(to, content, id) {
      const info = await transport.sendMail({
        from: settings.mailFrom,
        to,
        ...content,
        headers: { 'X-Passerelle-Delivery': id },
      });
      await fs.mkdir(settings.mailDir, { recursive: true });
      const file = path.join(settings.mailDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${id}.eml`);
      await fs.writeFile(file, info.message as Buffer);
      return `written to ${file}`;
    },
    close: () => transport.close(),
  };
}
