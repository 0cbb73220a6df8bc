import type { JWTVerifyGetKey } from 'jose' with { 'resolution-mode': 'import' };
import {
  INTERNAL_TOKEN_TTL_SECONDS,
  loadJose,
  signInternalToken,
  viewerFromClaims,
  type Viewer,
} from '../subgraphs/shared/identity';
import type { AuthConfig } from './config';

/** Why a client's token was refused; the HTTP layer answers 401 with code `UNAUTHENTICATED`. */
export class AuthenticationError extends Error {}

export interface Authenticator {
  /** Verifies `Authorization: Bearer <jwt>` (signature, expiry, issuer, audience, claims). */
  verify(authorization: string): Promise<Viewer>;
  /** The `authorization` header sent to subgraphs for `viewer`: a short-lived internal token. */
  internalAuthorization(viewer: Viewer): Promise<string>;
}

const encoder = new TextEncoder();

/**
 * How long the internal token signed for a viewer is sent again for the same viewer: half its life, so a
 * reused token still has at least 29 s to live when a request starts with it (subgraph calls give up after
 * `SUBGRAPH_TIMEOUT_MS`, 10 s by default). Its claims are the viewer's and nothing else, so two requests of
 * one viewer may carry the same token; signing one (HS256 with jose) costs about 0.1 ms of CPU.
 */
export const INTERNAL_TOKEN_REUSE_MS = (INTERNAL_TOKEN_TTL_SECONDS * 1000) / 2;
/** Viewers whose internal token is kept; beyond, the expired ones go, and all of them if none has. */
const MAX_REUSED_TOKENS = 10_000;

/** Builds the verifier of `config` (remote key sets are fetched lazily and cached by `jose`). */
export function createAuthenticator(config: AuthConfig): Authenticator {
  type Key = { key: JWTVerifyGetKey | CryptoKey | Uint8Array; algorithms: string[] };
  const key: Promise<Key> = loadJose().then(async ({ createRemoteJWKSet, importSPKI }): Promise<Key> => {
    if (config.jwksUrl) return { key: createRemoteJWKSet(new URL(config.jwksUrl)), algorithms: [] };
    if (config.publicKey) {
      const { pem, alg } = config.publicKey;
      return { key: await importSPKI(pem, alg), algorithms: [alg] };
    }
    if (config.jwtSecret) return { key: encoder.encode(config.jwtSecret), algorithms: ['HS256'] };
    throw new Error('No key to verify tokens with');
  });
  // An unused rejection must not crash the process; verify() reports it per request.
  key.catch(() => {});
  const signed = new Map<string, { authorization: string; signedAt: number }>();
  return {
    async verify(authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
      if (!match) throw new AuthenticationError('The authorization header must be "Bearer <token>"');
      const { jwtVerify } = await loadJose();
      let payload;
      try {
        const { key: verifier, algorithms } = await key;
        const options = {
          issuer: config.issuer,
          audience: config.audience,
          ...(algorithms.length ? { algorithms } : {}),
        };
        // jose's overloads take either a key or a key-set function; the union needs one branch each.
        ({ payload } =
          typeof verifier === 'function'
            ? await jwtVerify(match[1], verifier, options)
            : await jwtVerify(match[1], verifier, options));
      } catch {
        throw new AuthenticationError('The bearer token is invalid or expired');
      }
      const viewer = viewerFromClaims(payload);
      if (!viewer) {
        throw new AuthenticationError(
          'The bearer token must carry `sub`, a `role` and, for an officer or a secretariat, its `territories` or `networks`',
        );
      }
      return viewer;
    },
    async internalAuthorization(viewer) {
      const key = JSON.stringify([viewer.subject, viewer.role, viewer.territories, viewer.networks]);
      const now = Date.now();
      const reused = signed.get(key);
      // `signedAt <= now`: a clock set back never stretches a token's reuse.
      if (reused && reused.signedAt <= now && now - reused.signedAt < INTERNAL_TOKEN_REUSE_MS) {
        return reused.authorization;
      }
      const authorization = `Bearer ${await signInternalToken(viewer, config.internalSecret, now)}`;
      if (signed.size >= MAX_REUSED_TOKENS) {
        for (const [other, { signedAt }] of signed) {
          if (!(signedAt <= now && now - signedAt < INTERNAL_TOKEN_REUSE_MS)) signed.delete(other);
        }
        if (signed.size >= MAX_REUSED_TOKENS) signed.clear();
      }
      signed.set(key, { authorization, signedAt: now });
      return authorization;
    },
  };
}
