import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../gateway/config';
import type { RunningGateway } from '../gateway/server';
import { parseSubgraphConfig } from '../subgraphs/shared/config';
import { projectRoot } from '../subgraphs/shared/project';
import { startSubgraph } from '../subgraphs/shared/server';
import { SUBGRAPHS } from '../subgraphs/registry';
import { postGraphQL } from './helpers/graphql';
import { startHub, type Hub } from './helpers/hub';
import { PRODUCTION_AUTH_ENV } from './helpers/tokens';
import { gatewayOn as gatewayWith } from './helpers/gateway';

/** Another gateway on the hub's subgraphs, with no GATEWAY_HOST unless `env` sets one (its default is tested). */
const gatewayOn = (hub: Hub, env: Record<string, string>) =>
  gatewayWith(hub, { GATEWAY_HOST: undefined, ...env });

/** One query per subgraph whose `id` argument reaches it as a variable of type `ID!`. */
const BY_ID = {
  territories: 'query($id: ID!) { territory(id: $id) { id } }',
  partnerships: 'query($id: ID!) { partnership(id: $id) { id } }',
  networks: 'query($id: ID!) { network(id: $id) { id } }',
  events: 'query($id: ID!) { event(id: $id) { id } }',
} as const;

describe('a hub facing bad arguments and careless exposure', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    await hub?.stop();
  });

  describe('subgraphs', () => {
    it('answer a NUL in an argument with a coded 400, never a 500, in variables, lists and input objects', async () => {
      for (const [name, query] of Object.entries(BY_ID)) {
        const url = hub.subgraphs[name as keyof typeof BY_ID].url;
        const answer = await postGraphQL(url, query, { id: 'x\u0000' });
        expect(answer.status, name).toBe(400);
        expect(answer.body.errors[0].extensions.code, name).toBe('BAD_USER_INPUT');
      }
      const nested = await postGraphQL(
        hub.subgraphs.territories.url,
        '{ territories(filter: { ids: ["03", "04\\u0000"] }) { nodes { id } } }',
      );
      expect(nested.status).toBe(400);
      expect(nested.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      const deep = await postGraphQL(
        hub.subgraphs.territories.url,
        'query($f: TerritoryFilter) { territories(filter: $f) { nodes { id } } }',
        { f: { ids: ['03', 'x\u0000'] } },
      );
      expect(deep.status).toBe(400);
      expect(deep.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    });

    it('refuse an id longer than 128 characters before it reaches SQL, wherever it sits', async () => {
      for (const [name, query] of Object.entries(BY_ID)) {
        const url = hub.subgraphs[name as keyof typeof BY_ID].url;
        const answer = await postGraphQL(url, query, { id: '7'.repeat(129) });
        expect(answer.status, name).toBe(400);
        expect(answer.body.errors[0].extensions.code, name).toBe('BAD_USER_INPUT');
      }
      const inList = await postGraphQL(
        hub.subgraphs.territories.url,
        `{ territories(filter: { ids: ["03", "${'9'.repeat(200)}"] }) { nodes { id } } }`,
      );
      expect(inList.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('through the gateway', () => {
    it('refuses a 990 kB id with a short BAD_USER_INPUT that quotes a prefix of it only', async () => {
      const id = 'P'.repeat(990_000);
      const response = await fetch(hub.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: BY_ID.partnerships, variables: { id } }),
      });
      const text = await response.text();
      expect(response.status).toBeLessThan(500);
      expect(text.length).toBeLessThan(1000);
      const body = JSON.parse(text);
      expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(body.errors[0].message).toMatch(/at most 128 characters/);
    });

    it('accepts an id of 128 characters and answers NOT_FOUND, 129 is BAD_USER_INPUT', async () => {
      const fits = await hub.query(BY_ID.partnerships, { id: 'P'.repeat(128) });
      expect(fits.errors[0].extensions.code).toBe('NOT_FOUND');
      const over = await hub.query(BY_ID.partnerships, { id: 'P'.repeat(129) });
      expect(over.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    });

    it('echoes only a short prefix of what it did not find', async () => {
      const acronym = 'A'.repeat(5000);
      const answer = await hub.query('query($a: String!) { networkByAcronym(acronym: $a) { id } }', {
        a: acronym,
      });
      expect(answer.errors[0].extensions.code).toBe('NOT_FOUND');
      expect(JSON.stringify(answer).length).toBeLessThan(1000);
    });
  });

  describe('outside production', () => {
    it('listens on 127.0.0.1 when GATEWAY_HOST is not set', async () => {
      const gateway = await gatewayOn(hub, {});
      try {
        expect(new URL(gateway.url).hostname).toBe('127.0.0.1');
      } finally {
        await gateway.stop();
      }
    });

    it('refuses to open the gateway to the network while it accepts tokens of the public secret', () => {
      expect(() => parseGatewayConfig({ GATEWAY_HOST: '0.0.0.0' }, projectRoot())).toThrow(
        /GATEWAY_HOST=0\.0\.0\.0.*public development secret/,
      );
    });

    it('refuses to open a subgraph to the network with the public internal secret', async () => {
      const config = parseSubgraphConfig(
        'territories',
        { SQLITE_PATH_TERRITORIES: ':memory:', PORT_TERRITORIES: '0', SUBGRAPH_HOST: '0.0.0.0', QUIET: '1' },
        projectRoot(),
      );
      await expect(startSubgraph(SUBGRAPHS.territories, config)).rejects.toThrow(
        /SUBGRAPH_HOST=0\.0\.0\.0.*INTERNAL_AUTH_SECRET/,
      );
    });

    it('keeps Apollo Sandbox on GET /', async () => {
      const response = await fetch(hub.gateway.url, { headers: { accept: 'text/html' } });
      expect(await response.text()).toMatch(/embeddable-sandbox/);
    });
  });

  describe('in production', () => {
    let gateway: RunningGateway;
    beforeAll(async () => {
      gateway = await gatewayOn(hub, {
        NODE_ENV: 'production',
        GATEWAY_HOST: '127.0.0.1',
        METRICS_PORT: '0',
        ...PRODUCTION_AUTH_ENV,
      });
    });
    afterAll(async () => {
      await gateway?.stop();
    });

    it('serves a landing page of its own: no script, no Apollo, the endpoint and where the docs are', async () => {
      const response = await fetch(gateway.url, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/apollo/i);
      expect(html).toContain('POST /graphql');
      expect(html).toMatch(/docs\//);
    });

    it('refuses introspection without naming Apollo Server', async () => {
      const { status, body } = await postGraphQL(gateway.url, '{ __schema { types { name } } }');
      expect(status).toBe(400);
      expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(JSON.stringify(body)).not.toMatch(/apollo/i);
      const typename = await postGraphQL(gateway.url, '{ __typename }');
      expect(typename.body).toEqual({ data: { __typename: 'Query' } });
    });

    it('serves /metrics on METRICS_PORT only, not on the public port', async () => {
      expect(gateway.metricsPort).toBeGreaterThan(0);
      const separate = await fetch(`http://127.0.0.1:${gateway.metricsPort}/metrics`);
      expect(separate.status).toBe(200);
      expect(await separate.text()).toMatch(/^# HELP /m);
      const publicPort = await fetch(new URL('/metrics', gateway.url));
      expect(publicPort.status).toBe(404);
      await publicPort.body?.cancel();
    });
  });

  describe('readiness', () => {
    let proxy: http.Server;
    let proxyUrl: string;
    beforeAll(async () => {
      // A reverse proxy that routes one path to the territories subgraph and nothing else, as an ingress
      // serving several subgraphs under one host would.
      const target = new URL(hub.subgraphs.territories.url);
      proxy = http.createServer((req, res) => {
        if (!req.url?.startsWith('/graphql-territories')) {
          res.writeHead(404).end();
          return;
        }
        const forwarded = http.request(
          { host: target.hostname, port: target.port, path: '/', method: req.method, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        forwarded.on('error', () => res.writeHead(502).end());
        req.pipe(forwarded);
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/graphql-territories`;
    });
    afterAll(async () => {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    });

    it('is ready when a subgraph is served under a path, probing the URL the gateway calls', async () => {
      const gateway = await gatewayOn(hub, { GATEWAY_HOST: '127.0.0.1', SUBGRAPH_URL_TERRITORIES: proxyUrl });
      try {
        const { body } = await postGraphQL(gateway.url, '{ territory(id: "03") { name } }');
        expect(body).toEqual({ data: { territory: { name: 'Fès-Meknès' } } });
        const response = await fetch(new URL('/ready', gateway.url));
        const ready = await response.json();
        expect(ready.subgraphs.territories).toBe('up');
        expect(response.status).toBe(200);
      } finally {
        await gateway.stop();
      }
    });

    it('is not ready when the URL answers something other than GraphQL', async () => {
      const elsewhere = proxyUrl.replace('/graphql-territories', '/nothing-here');
      const gateway = await gatewayOn(hub, {
        GATEWAY_HOST: '127.0.0.1',
        SUBGRAPH_URL_TERRITORIES: elsewhere,
      });
      try {
        const response = await fetch(new URL('/ready', gateway.url));
        expect(response.status).toBe(503);
        expect((await response.json()).subgraphs.territories).toBe('down');
      } finally {
        await gateway.stop();
      }
    });
  });
});
