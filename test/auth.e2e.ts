import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../gateway/config';
import { startGateway, type RunningGateway } from '../gateway/server';
import { loadJose } from '../subgraphs/shared/identity';
import { projectRoot } from '../subgraphs/shared/project';
import { postGraphQL } from './helpers/graphql';
import { startHub, type Hub } from './helpers/hub';
import { bearer, Role } from './helpers/tokens';

const WHO = `{ sdg(number: 6) { number } }`;

let hub: Hub;
beforeAll(async () => {
  hub = await startHub({ scale: 0 });
});
afterAll(async () => {
  await hub?.stop();
});

async function status(url: string, headers: Record<string, string>) {
  const response = await postGraphQL(url, WHO, undefined, headers);
  return { status: response.status, code: response.body.errors?.[0]?.extensions?.code as string | undefined };
}

describe('bearer tokens at the gateway', () => {
  it('accepts a development token and answers without one', async () => {
    expect(await status(hub.gateway.url, await bearer({ role: Role.MINISTRY }))).toEqual({
      status: 200,
      code: undefined,
    });
    expect(await status(hub.gateway.url, {})).toEqual({ status: 200, code: undefined });
  });

  it('refuses with 401 UNAUTHENTICATED an expired token, another issuer, audience or secret, and incomplete claims', async () => {
    const refused = [
      await bearer({ role: Role.MINISTRY, expiresInSeconds: -60 }),
      await bearer({ role: Role.MINISTRY, issuer: 'https://someone-else.example/' }),
      await bearer({ role: Role.MINISTRY, audience: 'another-api' }),
      await bearer({ role: Role.MINISTRY, secret: 'a-secret-this-gateway-does-not-hold!!' }),
      await bearer({ role: Role.TERRITORY_OFFICER, territories: [] }),
      { authorization: 'Bearer not.a.jwt' },
    ];
    for (const headers of refused) {
      expect(await status(hub.gateway.url, headers)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    }
  });
});

describe('Query.viewer', () => {
  const VIEWER = `{ viewer { subject role seesEverything territories { id name } networks { id acronym } } }`;

  it('tells a public reader, an officer, a secretariat and the ministry who they are', async () => {
    const as = async (headers: Record<string, string>) => {
      const { body } = await postGraphQL(hub.gateway.url, VIEWER, undefined, headers);
      expect(body.errors).toBeUndefined();
      return body.data.viewer;
    };
    expect(await as({})).toEqual({
      subject: null,
      role: 'PUBLIC',
      seesEverything: false,
      territories: [],
      networks: [],
    });
    const officer = await as(
      await bearer({ role: Role.TERRITORY_OFFICER, territories: ['03.231.01.0', 'FR-montpellier'] }),
    );
    expect(officer).toMatchObject({
      role: 'TERRITORY_OFFICER',
      seesEverything: false,
      territories: [
        { id: '03.231.01.0', name: 'Fès' },
        { id: 'FR-montpellier', name: 'Montpellier' },
      ],
    });
    expect(officer.subject).toBeTruthy();
    // The network's fields come from the networks subgraph.
    expect(
      await as(await bearer({ role: Role.NETWORK_SECRETARIAT, networks: ['uclg-africa'] })),
    ).toMatchObject({
      role: 'NETWORK_SECRETARIAT',
      networks: [{ id: 'uclg-africa', acronym: 'CGLU Afrique' }],
    });
    expect(await as(await bearer({ role: Role.MINISTRY }))).toMatchObject({
      role: 'MINISTRY',
      seesEverything: true,
    });
  });
});

describe('a gateway verifying with a public key', () => {
  let gateway: RunningGateway;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

  beforeAll(async () => {
    const urls = Object.fromEntries(
      Object.values(hub.subgraphs).map((s) => [`SUBGRAPH_URL_${s.name.toUpperCase()}`, s.url]),
    );
    gateway = await startGateway(
      parseGatewayConfig(
        {
          GATEWAY_PORT: '0',
          GATEWAY_HOST: '127.0.0.1',
          SUPERGRAPH_PATH: path.join(projectRoot(), 'schema', 'supergraph.graphql'),
          AUTH_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
          AUTH_ISSUER: 'https://id.example.ma/',
          AUTH_AUDIENCE: 'passerelle',
          ...urls,
        },
        projectRoot(),
      ),
      { logger: { debug() {}, info() {}, warn() {}, error() {} } },
    );
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it("accepts the provider's RS256 tokens and refuses development HS256 tokens", async () => {
    const { SignJWT } = await loadJose();
    const token = await new SignJWT({ role: 'MINISTRY' })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('dgct-agent')
      .setIssuer('https://id.example.ma/')
      .setAudience('passerelle')
      .setExpirationTime('5m')
      .sign(privateKey);
    expect(await status(gateway.url, { authorization: `Bearer ${token}` })).toEqual({
      status: 200,
      code: undefined,
    });
    const dev = await bearer({ role: Role.MINISTRY, issuer: 'https://id.example.ma/' });
    expect(await status(gateway.url, dev)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  });
});
