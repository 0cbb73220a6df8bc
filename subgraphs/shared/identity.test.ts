import { describe, expect, it } from 'vitest';
import { parseSubgraphConfig } from './config';
import {
  DEV_INTERNAL_AUTH_SECRET,
  loadJose,
  PUBLIC_VIEWER,
  Role,
  signInternalToken,
  viewerOfSubgraphRequest,
  type Viewer,
} from './identity';

const SECRET = 'an-internal-secret-for-these-tests-only';
const officer: Viewer = {
  subject: 'fes-officer',
  role: Role.TERRITORY_OFFICER,
  territories: ['03.231.01.0'],
  networks: [],
};

describe('the internal identity of subgraph requests', () => {
  it('is the public reader without an authorization header', async () => {
    expect(await viewerOfSubgraphRequest(null, SECRET)).toBe(PUBLIC_VIEWER);
  });

  it('round-trips the viewer the gateway signed', async () => {
    const token = await signInternalToken(officer, SECRET);
    expect(await viewerOfSubgraphRequest(`Bearer ${token}`, SECRET)).toEqual(officer);
  });

  it('refuses an expired token, another secret, and a token not issued for subgraphs', async () => {
    const expired = await signInternalToken(officer, SECRET, Date.now() - 3_600_000);
    const foreign = await signInternalToken(officer, 'another-secret-of-at-least-32-characters');
    const { SignJWT } = await loadJose();
    const client = await new SignJWT({ role: 'ADMIN' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('someone')
      .setIssuer('passerelle-dev')
      .setAudience('passerelle')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    for (const token of [expired, foreign, client, 'not-a-jwt']) {
      await expect(viewerOfSubgraphRequest(`Bearer ${token}`, SECRET)).rejects.toMatchObject({
        extensions: { code: 'UNAUTHENTICATED' },
      });
    }
    await expect(viewerOfSubgraphRequest('Basic abc', SECRET)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });
});

describe('the internal secret of a subgraph', () => {
  it('defaults to the development secret outside production only', () => {
    expect(parseSubgraphConfig('partnerships', {}, '/srv').internalAuthSecret).toBe(DEV_INTERNAL_AUTH_SECRET);
    expect(() => parseSubgraphConfig('partnerships', { NODE_ENV: 'production' }, '/srv')).toThrowError(
      /INTERNAL_AUTH_SECRET is required in production/,
    );
    const parse = () =>
      parseSubgraphConfig(
        'partnerships',
        { NODE_ENV: 'production', INTERNAL_AUTH_SECRET: 'short-secret' },
        '/srv',
      );
    expect(parse).toThrowError(/INTERNAL_AUTH_SECRET must be at least 32 characters/);
    expect(parse).not.toThrowError(/short-secret/);
    expect(
      parseSubgraphConfig('partnerships', { NODE_ENV: 'production', INTERNAL_AUTH_SECRET: SECRET }, '/srv')
        .internalAuthSecret,
    ).toBe(SECRET);
  });
});
