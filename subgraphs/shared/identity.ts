import type { JWTPayload } from 'jose' with { 'resolution-mode': 'import' };
import { ErrorCode, ForbiddenError, PasserelleError } from './errors';

/** Who may do what on the hub (DOMAIN.md, "Who uses the hub"). */
export enum Role {
  PUBLIC = 'PUBLIC',
  TERRITORY_OFFICER = 'TERRITORY_OFFICER',
  NETWORK_SECRETARIAT = 'NETWORK_SECRETARIAT',
  MINISTRY = 'MINISTRY',
  ADMIN = 'ADMIN',
}

export const ROLES: readonly Role[] = Object.values(Role);

/** The identity a request acts with: verified by the gateway, passed to subgraphs as an internal token. */
export interface Viewer {
  /** The token's `sub`; null for a public reader. */
  readonly subject: string | null;
  readonly role: Role;
  /** The territories a territory officer acts for (HCP codes or foreign ids). */
  readonly territories: readonly string[];
  /** The networks a network secretariat acts for. */
  readonly networks: readonly string[];
}

export const PUBLIC_VIEWER: Viewer = Object.freeze({
  subject: null,
  role: Role.PUBLIC,
  territories: Object.freeze([]),
  networks: Object.freeze([]),
});

/**
 * The gateway↔subgraph secret used when `INTERNAL_AUTH_SECRET` is unset outside production. Public on
 * purpose: production refuses to start without a secret of its own.
 */
export const DEV_INTERNAL_AUTH_SECRET = 'passerelle-development-internal-secret-not-for-production';

/** `iss` and `aud` of the internal tokens, so a client's token can never pass for one. */
export const INTERNAL_ISSUER = 'passerelle-gateway';
export const INTERNAL_AUDIENCE = 'passerelle-subgraphs';

/** How long an internal token lives: one request's worth of subgraph calls. */
export const INTERNAL_TOKEN_TTL_SECONDS = 60;

const encoder = new TextEncoder();

/**
 * `jose` 6 is an ES module and this project compiles to CommonJS: a dynamic import loads it (once; Node
 * caches the module).
 */
export const loadJose = () => import('jose');

/** `role` as `TERRITORY_OFFICER` or `territory-officer`. */
export function parseRole(raw: unknown): Role | null {
  if (typeof raw !== 'string') return null;
  const normalized = raw.trim().toUpperCase().replace(/-/g, '_');
  return ROLES.find((role) => role === normalized) ?? null;
}

function stringList(raw: unknown): string[] | null {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.some((item) => typeof item !== 'string')) return null;
  return raw as string[];
}

/** The viewer a verified token's claims describe, or null when the claims do not make one. */
export function viewerFromClaims(payload: JWTPayload): Viewer | null {
  const role = parseRole(payload.role);
  const territories = stringList(payload.territories);
  const networks = stringList(payload.networks);
  if (!role || !territories || !networks || typeof payload.sub !== 'string' || !payload.sub) return null;
  if (role === Role.TERRITORY_OFFICER && territories.length === 0) return null;
  if (role === Role.NETWORK_SECRETARIAT && networks.length === 0) return null;
  return Object.freeze({
    subject: payload.sub,
    role,
    territories: Object.freeze([...territories]),
    networks: Object.freeze([...networks]),
  });
}

/** The claims of a token for `viewer` (dev tokens and internal tokens share them). */
export function claimsOf(viewer: Viewer): JWTPayload {
  return { role: viewer.role, territories: [...viewer.territories], networks: [...viewer.networks] };
}

/** A short-lived HS256 token the gateway sends to subgraphs instead of the client's own. */
export async function signInternalToken(viewer: Viewer, secret: string, now = Date.now()): Promise<string> {
  const { SignJWT } = await loadJose();
  return new SignJWT(claimsOf(viewer))
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(viewer.subject ?? 'anonymous')
    .setIssuer(INTERNAL_ISSUER)
    .setAudience(INTERNAL_AUDIENCE)
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(Math.floor(now / 1000) + INTERNAL_TOKEN_TTL_SECONDS)
    .sign(encoder.encode(secret));
}

/** An `UNAUTHENTICATED` error answered with HTTP 401. */
export class UnauthenticatedError extends PasserelleError {
  constructor(message: string) {
    super(message, ErrorCode.Unauthenticated, { http: { status: 401 } });
  }
}

/**
 * The viewer of a subgraph request from its `authorization` header: the public reader without one, the
 * internal token's viewer with a valid one. Anything else (a client's own token, a forged or expired one)
 * is refused: a subgraph reached directly only serves public reads.
 */
export async function viewerOfSubgraphRequest(authorization: string | null, secret: string): Promise<Viewer> {
  if (!authorization) return PUBLIC_VIEWER;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) throw new UnauthenticatedError('The authorization header must be "Bearer <token>"');
  const { jwtVerify } = await loadJose();
  try {
    const { payload } = await jwtVerify(match[1], encoder.encode(secret), {
      issuer: INTERNAL_ISSUER,
      audience: INTERNAL_AUDIENCE,
      algorithms: ['HS256'],
    });
    const viewer = viewerFromClaims(payload);
    if (viewer) return viewer;
  } catch {
    // Reported below without the reason: it would help a forger more than a user.
  }
  throw new UnauthenticatedError('The internal identity token is invalid or expired');
}

/** Refuses a write by a public reader (UNAUTHENTICATED) and returns the acting viewer. */
export function requireActor(viewer: Viewer): Viewer {
  if (viewer.role === Role.PUBLIC || !viewer.subject) {
    throw new UnauthenticatedError('Sign in: writing needs a verified identity (Authorization: Bearer …)');
  }
  return viewer;
}

/** Whether the viewer acts for `territoryId` (its officer); ministry and admin act for none. */
export function actsForTerritory(viewer: Viewer, territoryId: string): boolean {
  return viewer.role === Role.TERRITORY_OFFICER && viewer.territories.includes(territoryId);
}

/** Whether the viewer supervises every agreement (ministry, admin). */
export function isSupervisor(viewer: Viewer): boolean {
  return viewer.role === Role.MINISTRY || viewer.role === Role.ADMIN;
}

/** FORBIDDEN unless `allowed`. */
export function ensure(allowed: boolean, message: string): void {
  if (!allowed) throw new ForbiddenError(message);
}
