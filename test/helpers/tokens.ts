import { createDevToken, type DevTokenOptions } from '../../gateway/dev-token';
import { Role } from '../../subgraphs/shared/identity';

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
