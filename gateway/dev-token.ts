import { claimsOf, loadJose, Role, type Viewer } from '../subgraphs/shared/identity';
import { DEV_AUTH_AUDIENCE, DEV_AUTH_ISSUER, DEV_AUTH_JWT_SECRET } from './config';

export interface DevTokenOptions {
  role: Role;
  /** The territories of a territory officer (HCP codes or foreign ids). Default none. */
  territories?: readonly string[];
  /** The networks of a network secretariat. Default none. */
  networks?: readonly string[];
  /** `sub`. Default derived from the role and its territories or networks. */
  subject?: string;
  /** Default `DEV_AUTH_JWT_SECRET`, which the gateway accepts outside production. */
  secret?: string;
  /** Default `DEV_AUTH_ISSUER`. */
  issuer?: string;
  /** Default `DEV_AUTH_AUDIENCE`. */
  audience?: string;
  /** Lifetime in seconds. Default 8 hours: a working day in Sandbox. */
  expiresInSeconds?: number;
}

/** An HS256 token for development and tests (`npm run token`); production gateways refuse HS256. */
export async function createDevToken(options: DevTokenOptions): Promise<string> {
  const { SignJWT } = await loadJose();
  const territories = options.territories ?? [];
  const networks = options.networks ?? [];
  const viewer: Viewer = {
    role: options.role,
    territories,
    networks,
    subject:
      options.subject ??
      [options.role.toLowerCase().replace(/_/g, '-'), ...territories, ...networks].join(':'),
  };
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claimsOf(viewer))
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(viewer.subject!)
    .setIssuer(options.issuer ?? DEV_AUTH_ISSUER)
    .setAudience(options.audience ?? DEV_AUTH_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresInSeconds ?? 8 * 3600))
    .sign(new TextEncoder().encode(options.secret ?? DEV_AUTH_JWT_SECRET));
}
