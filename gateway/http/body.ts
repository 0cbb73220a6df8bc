import type { IncomingMessage } from 'node:http';
import { GatewayErrorCode } from '../errors';
import { HttpError } from './respond';

/**
 * Reading a request body: at most `maxBytes` (413 `REQUEST_TOO_LARGE`, checked on `content-length` before
 * reading), within `timeoutMs` (408 `REQUEST_TIMEOUT`: Node itself would wait 300 s for a body that trickles
 * in), and JSON parsed (400 `BAD_REQUEST`). Both refusals close the connection: what the client still sends
 * is not read.
 */

export interface BodyLimits {
  /** `MAX_BODY_BYTES`. */
  maxBytes: number;
  /** `REQUEST_BODY_TIMEOUT_MS`. */
  timeoutMs: number;
}

const tooLarge = (maxBytes: number) =>
  new HttpError(413, GatewayErrorCode.RequestTooLarge, `Request body larger than ${maxBytes} bytes`, {
    connection: 'close',
  });

const tooSlow = (timeoutMs: number) =>
  new HttpError(
    408,
    GatewayErrorCode.RequestTimeout,
    `The request body did not arrive within ${timeoutMs} ms`,
    { connection: 'close' },
  );

/** The whole body as text, within `limits`. */
export function readBody(req: IncomingMessage, limits: BodyLimits): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    req.resume();
    return Promise.reject(tooLarge(limits.maxBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (error: HttpError) => {
      clearTimeout(timer);
      req.off('data', onData);
      // Drop the rest, so the client reads the answer instead of a reset connection.
      req.resume();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) stop(tooLarge(limits.maxBytes));
      else chunks.push(chunk);
    };
    const timer = setTimeout(() => stop(tooSlow(limits.timeoutMs)), limits.timeoutMs);
    req.on('data', onData);
    req.once('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/**
 * The body of a POST: parsed JSON for a JSON content type, the raw text otherwise (Apollo refuses it with
 * its usual 400), undefined for other methods or an empty body.
 */
export async function readJsonBody(req: IncomingMessage, limits: BodyLimits): Promise<unknown> {
  if (req.method !== 'POST') return undefined;
  const raw = await readBody(req, limits);
  const essence = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (essence !== 'application/json' && !essence.endsWith('+json')) return raw;
  if (raw === '') return undefined;
  try {
    // V8's JSON.parse is not recursive: any depth parses; `deeperThan` then refuses deep values.
    return JSON.parse(raw);
  } catch {
    throw new HttpError(400, GatewayErrorCode.BadRequest, 'Request body is not valid JSON');
  }
}

/**
 * Whether `value` nests objects or arrays more than `maxDepth` levels (a scalar is 0, `{}` is 1). Iterative,
 * with an explicit stack: the point is to refuse values that would overflow the call stack of any recursive
 * walk (`JSON.stringify` of a cache key, variable coercion).
 */
export function deeperThan(value: unknown, maxDepth: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > maxDepth) return true;
    for (const child of Object.values(current)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
