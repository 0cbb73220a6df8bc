import http from 'node:http';
import https from 'node:https';
import type { NotificationForDelivery } from './module';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from './signing';
import {
  classifyAddress,
  guardedLookup,
  hostOf,
  internalAddressProblem,
  InternalAddressError,
} from './targets';
import { absoluteLink } from './templates';

/** How much of a receiver's answer is kept on the delivery (shown to the subscription's owner). */
export const RESPONSE_EXCERPT_LENGTH = 500;

/** The JSON body of a webhook delivery: the same bytes at every attempt (only the signature's `t` moves). */
export function webhookBody(n: NotificationForDelivery, publicUrl: string): string {
  return JSON.stringify({
    id: n.id,
    kind: n.kind,
    at: n.at,
    record: { type: n.recordType, id: n.recordId },
    title: n.title,
    message: n.body,
    link: absoluteLink(publicUrl, n.link),
    demo: n.demo,
  });
}

/** What one attempt gave: a 2xx is delivered; anything else (or no answer) is retried. */
export interface AttemptResult {
  ok: boolean;
  statusCode: number | null;
  response: string;
}

/** The most of a receiver's answer read (the rest is dropped, the connection closed). */
const MAX_READ_BYTES = 64 * 1024;

/** One POST with node's client, which follows no redirect: a 3xx is an answer like any other. */
function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  options: { timeoutMs: number; production: boolean },
): Promise<AttemptResult> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<AttemptResult>((resolve, reject) => {
    // The whole exchange, not only an idle socket, has `timeoutMs`.
    const timer = setTimeout(
      () => request.destroy(new Error(`No answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        // In production the connection resolves through the check of internal addresses (`targets.ts`).
        ...(options.production ? { lookup: guardedLookup } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < MAX_READ_BYTES) chunks.push(chunk);
          size += chunk.length;
          if (size >= MAX_READ_BYTES) response.destroy();
        });
        const done = () => {
          clearTimeout(timer);
          const status = response.statusCode ?? 0;
          resolve({
            ok: status >= 200 && status < 300,
            statusCode: status,
            response: Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_EXCERPT_LENGTH),
          });
        };
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      },
    );
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(body);
  });
}

/**
 * POSTs one signed delivery; never throws (a network error or a timeout is a failed attempt, retried). In
 * production a URL whose host is or resolves to an internal address is not called: the attempt is final
 * (`targets.ts`). Redirects are not followed: the receiver must answer at the URL registered.
 */
export async function postWebhook(options: {
  url: string;
  secret: string;
  deliveryId: string;
  kind: string;
  body: string;
  timeoutMs: number;
  now: Date;
  production: boolean;
}): Promise<AttemptResult & { final?: boolean }> {
  const timestamp = Math.floor(options.now.getTime() / 1000);
  const url = new URL(options.url);
  const host = hostOf(url);
  const literal = options.production && classifyAddress(host) ? internalAddressProblem(host, host) : null;
  if (literal) return refused(literal);
  try {
    return await post(
      url,
      {
        'content-type': 'application/json',
        'user-agent': 'Passerelle-Webhooks/1',
        [DELIVERY_HEADER]: options.deliveryId,
        [EVENT_HEADER]: options.kind,
        [SIGNATURE_HEADER]: signatureHeader(options.secret, options.body, timestamp),
      },
      options.body,
      options,
    );
  } catch (error) {
    if (error instanceof InternalAddressError) return refused(error.message);
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, statusCode: null, response: reason.slice(0, RESPONSE_EXCERPT_LENGTH) };
  }
}

/** A call not made: FAILED at once, the reason shown to the webhook's owner. */
const refused = (problem: string) => ({
  ok: false,
  statusCode: null,
  response: `Not sent: ${problem}`.slice(0, RESPONSE_EXCERPT_LENGTH),
  final: true,
});
