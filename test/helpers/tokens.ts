import { createDevToken, type DevTokenOptions } from '../../gateway/dev-token';
import { DEV_INTERNAL_AUTH_SECRET, Role, signInternalToken } from '../../subgraphs/shared/identity';

export { Role };

/** `{ authorization: 'Bearer …' }` with a dev token (the one `npm run token` prints) for `options`. */
export async function bearer(options: DevTokenOptions): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await createDevToken(options)}` };
}

/** The headers of a territory officer of `territories`. */
export const officerOf = (...territories: string[]) => bearer({ role: Role.TERRITORY_OFFICER, territories });
export const ministry = () => bearer({ role: Role.MINISTRY });
export const admin = () => bearer({ role: Role.ADMIN });

/**
 * What a production gateway needs to start (AUTH_JWKS_URL is only fetched when a token is verified), for
 * tests of production mode that are not about authentication.
 */
export const PRODUCTION_AUTH_ENV: Record<string, string> = {
  AUTH_JWKS_URL: 'https://auth.example.org/.well-known/jwks.json',
  AUTH_ISSUER: 'https://auth.example.org/',
  AUTH_AUDIENCE: 'passerelle',
  INTERNAL_AUTH_SECRET: 'a-test-internal-secret-of-32-characters-or-more',
};

/**
 * The headers of a request made to a subgraph directly by the gateway on behalf of `viewer`: a fresh
 * internal identity token signed with the development secret (the one subgraphs use when
 * `INTERNAL_AUTH_SECRET` is unset).
 */
export async function internalHeaders(viewer: {
  role: Role;
  territories?: string[];
  networks?: string[];
}): Promise<Record<string, string>> {
  const token = await signInternalToken(
    {
      subject: `test-${viewer.role.toLowerCase()}`,
      role: viewer.role,
      territories: viewer.territories ?? [],
      networks: viewer.networks ?? [],
    },
    DEV_INTERNAL_AUTH_SECRET,
  );
  return { authorization: `Bearer ${token}` };
}
