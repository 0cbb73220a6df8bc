import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Viewer } from '../../subgraphs/shared/identity';
import { AuthenticationError, type Authenticator } from '../auth';
import { GatewayErrorCode } from '../errors';
import { HttpError } from './respond';

/**
 * Who a request comes from, settled before its body is read: the verified token's subject when the bearer
 * token verifies (one key however the header is spelled), else the client's address — also when a token
 * was sent and failed, so junk tokens cost the address that sends them. The rate limits count on `key`.
 */
export interface Caller {
  /** `subject:<hash of issuer and sub>` or `address:<client address>`. */
  readonly key: string;
  /** The verified viewer, when a token verified. */
  readonly viewer?: Viewer;
  /** The 401 to answer once the address has been counted, when a token was sent and refused. */
  readonly failure?: HttpError;
}

export interface IdentityOptions {
  auth: Authenticator;
  /** The issuer every accepted token carries (`AUTH_ISSUER`): part of the subject key. */
  issuer: string;
  /** `GATEWAY_TRUST_PROXY`: the address is the first `x-forwarded-for` hop. */
  trustProxy: boolean;
}

/** The client's address: the first `x-forwarded-for` hop behind a trusted proxy, else the socket's. */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? req.headers['x-forwarded-for'] : undefined;
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return first || req.socket.remoteAddress || 'unknown';
}

const subjectKey = (issuer: string, subject: string) =>
  `subject:${createHash('sha256').update(`${issuer}\0${subject}`).digest('hex').slice(0, 32)}`;

/** Verifies the bearer token of `req`, if any, and says whom to count the request against. */
export async function identify(req: IncomingMessage, options: IdentityOptions): Promise<Caller> {
  const address = `address:${clientAddress(req, options.trustProxy)}`;
  const authorization = req.headers.authorization;
  if (!authorization) return { key: address };
  try {
    const viewer = await options.auth.verify(authorization);
    return { key: subjectKey(options.issuer, viewer.subject ?? ''), viewer };
  } catch (error) {
    if (!(error instanceof AuthenticationError)) throw error;
    const failure = new HttpError(401, GatewayErrorCode.Unauthenticated, error.message, {
      'www-authenticate': 'Bearer error="invalid_token"',
    });
    return { key: address, failure };
  }
}

/** The header that marks the gateway's calls to itself (the exports'), with this process's secret. */
export const INTERNAL_CALL_HEADER = 'x-passerelle-internal-call';

/**
 * The gateway's calls to its own endpoint (an export asks the public API as its caller, up to 100 times for
 * one export): the export itself was counted once on the caller's key, so its calls are not counted again.
 * They are recognised by a random secret made at start that never leaves the process (the calls go to the
 * gateway's own socket); the header is removed from every request, so it never reaches Apollo or a
 * subgraph, and a guessed value only loses it.
 */
export interface InternalCalls {
  /** The header to put on a call to the gateway's own endpoint. */
  readonly headers: Readonly<Record<string, string>>;
  /** Whether `req` carries this process's secret; removes the header either way. */
  isInternal(req: IncomingMessage): boolean;
}

export function createInternalCalls(): InternalCalls {
  const secret = randomBytes(32).toString('hex');
  const expected = Buffer.from(secret);
  return {
    headers: Object.freeze({ [INTERNAL_CALL_HEADER]: secret }),
    isInternal(req) {
      const sent = req.headers[INTERNAL_CALL_HEADER];
      if (sent === undefined) return false;
      delete req.headers[INTERNAL_CALL_HEADER];
      const given = Buffer.from(typeof sent === 'string' ? sent : '');
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
