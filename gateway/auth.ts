import type { JWTVerifyGetKey } from 'jose' with { 'resolution-mode': 'import' };
import { loadJose, signInternalToken, viewerFromClaims, type Viewer } from '../subgraphs/shared/identity';
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
      return `Bearer ${await signInternalToken(viewer, config.internalSecret)}`;
    },
  };
}
