import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEV_INTERNAL_AUTH_SECRET,
  INTERNAL_TOKEN_TTL_SECONDS,
  Role,
  viewerOfSubgraphRequest,
  type Viewer,
} from '../subgraphs/shared/identity';
import { createAuthenticator, INTERNAL_TOKEN_REUSE_MS } from './auth';

const auth = () =>
  createAuthenticator({
    jwksUrl: undefined,
    publicKey: undefined,
    jwtSecret: 'a-development-secret-of-32-characters-or-more',
    issuer: 'passerelle-dev',
    audience: 'passerelle',
    internalSecret: DEV_INTERNAL_AUTH_SECRET,
  });

const officer: Viewer = { subject: 'u-1', role: Role.TERRITORY_OFFICER, territories: ['03'], networks: [] };
const otherOfficer: Viewer = { ...officer, territories: ['04'] };

const expiry = (authorization: string) =>
  (JSON.parse(Buffer.from(authorization.split('.')[1], 'base64url').toString()) as { exp: number }).exp;

describe('internalAuthorization', () => {
  afterEach(() => vi.useRealTimers());

  it('reuses the token of a viewer for half its life, then signs a new one', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-26T10:00:00Z'), toFake: ['Date'] });
    const authenticator = auth();
    const first = await authenticator.internalAuthorization(officer);
    expect(await viewerOfSubgraphRequest(first, DEV_INTERNAL_AUTH_SECRET)).toEqual(officer);
    vi.setSystemTime(Date.now() + INTERNAL_TOKEN_REUSE_MS - 1);
    expect(await authenticator.internalAuthorization({ ...officer })).toBe(first);
    // Still at least half its life ahead when last reused.
    expect(expiry(first) * 1000 - Date.now()).toBeGreaterThanOrEqual(
      (INTERNAL_TOKEN_TTL_SECONDS * 1000) / 2 - 1000,
    );
    vi.setSystemTime(Date.now() + 1);
    const second = await authenticator.internalAuthorization(officer);
    expect(second).not.toBe(first);
    expect(await viewerOfSubgraphRequest(second, DEV_INTERNAL_AUTH_SECRET)).toEqual(officer);
  });

  it('never gives one viewer the token of another', async () => {
    const authenticator = auth();
    const first = await authenticator.internalAuthorization(officer);
    const other = await authenticator.internalAuthorization(otherOfficer);
    expect(other).not.toBe(first);
    expect(await viewerOfSubgraphRequest(other, DEV_INTERNAL_AUTH_SECRET)).toEqual(otherOfficer);
    expect(
      await authenticator.internalAuthorization({ ...officer, role: Role.MINISTRY, territories: [] }),
    ).not.toBe(first);
  });

  it('signs anew when the clock was set back', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-26T10:00:00Z'), toFake: ['Date'] });
    const authenticator = auth();
    const first = await authenticator.internalAuthorization(officer);
    vi.setSystemTime(Date.now() - 5_000);
    expect(await authenticator.internalAuthorization(officer)).not.toBe(first);
  });
});
