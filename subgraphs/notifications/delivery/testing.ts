import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, verifyWebhookSignature } from './signing';

/** Test doubles of the world deliveries go to: a partner's webhook receiver and an SMTP server. */

/** One request a receiver got. */
export interface ReceivedCall {
  deliveryId: string;
  event: string;
  signature: string;
  body: string;
  /** Whether the signature verified with the receiver's secret (when it knows it). */
  verified: boolean | null;
}

/** A partner's receiver as the docs tell them to write it: verify, ignore duplicates, answer 2xx. */
export interface WebhookReceiver {
  url: string;
  port: number;
  /** Every call, duplicates included. */
  calls: ReceivedCall[];
  /** Calls by delivery id, once each (what the partner's application acts on). */
  accepted: Map<string, ReceivedCall>;
  secret: string | null;
  /** Stops listening (calls then fail: connection refused). */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a receiver on a free port of 127.0.0.1. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver = { calls: [], accepted: new Map(), secret: null } as unknown as WebhookReceiver;
  const handler: http.RequestListener = (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const signature = String(request.headers[SIGNATURE_HEADER.toLowerCase()] ?? '');
      const call: ReceivedCall = {
        deliveryId: String(request.headers[DELIVERY_HEADER.toLowerCase()] ?? ''),
        event: String(request.headers[EVENT_HEADER.toLowerCase()] ?? ''),
        signature,
        body,
        verified: receiver.secret ? verifyWebhookSignature(receiver.secret, signature, body, 300) : null,
      };
      receiver.calls.push(call);
      if (call.verified === false) {
        response.writeHead(400).end('bad signature');
        return;
      }
      if (!receiver.accepted.has(call.deliveryId)) receiver.accepted.set(call.deliveryId, call);
      response.writeHead(204).end();
    });
  };
  let server = http.createServer(handler);
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  await listen(0);
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}/hooks/passerelle`;
  receiver.down = stop;
  receiver.up = async () => {
    server = http.createServer(handler);
    await listen(receiver.port);
  };
  receiver.close = () => (server.listening ? stop() : Promise.resolve());
  return receiver;
}

/** A message an SMTP server received. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** An SMTP server on a free port that keeps what it receives (no TLS, no authentication). */
export async function startSmtpSink(): Promise<{
  url: string;
  mails: ReceivedMail[];
  close(): Promise<void>;
}> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
