import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGatewayConfig } from './config';

const root = path.resolve('/srv/passerelle');

describe('parseGatewayConfig', () => {
  it('gives every variable its default when the environment is empty', () => {
    expect(parseGatewayConfig({}, root)).toEqual({
      port: 4000,
      host: '0.0.0.0',
      supergraphPath: path.join(root, 'schema/supergraph.graphql'),
      subgraphUrls: {},
      engine: 'router-runtime',
      production: false,
      introspection: true,
      subgraphTimeoutMs: 10_000,
    });
  });

  it('returns a frozen object', () => {
    const config = parseGatewayConfig({ SUBGRAPH_URL_TERRITORIES: 'http://t:4001/' }, root);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.subgraphUrls)).toBe(true);
  });

  it('reads every variable', () => {
    const config = parseGatewayConfig(
      {
        GATEWAY_PORT: '0',
        GATEWAY_HOST: '127.0.0.1',
        SUPERGRAPH_PATH: 'build/supergraph.graphql',
        SUBGRAPH_URL_TERRITORIES: 'http://territories:4001/graphql',
        subgraph_url_Events: 'https://events.example/graphql',
        GATEWAY_ENGINE: 'fusion',
        NODE_ENV: 'production',
        GATEWAY_INTROSPECTION: 'true',
        SUBGRAPH_TIMEOUT_MS: '2500',
      },
      root,
    );
    expect(config).toEqual({
      port: 0,
      host: '127.0.0.1',
      supergraphPath: path.join(root, 'build/supergraph.graphql'),
      subgraphUrls: {
        territories: 'http://territories:4001/graphql',
        events: 'https://events.example/graphql',
      },
      engine: 'fusion',
      production: true,
      introspection: true,
      subgraphTimeoutMs: 2500,
    });
  });

  it('turns introspection off in production unless asked for', () => {
    expect(parseGatewayConfig({ NODE_ENV: 'production' }, root).introspection).toBe(false);
    expect(parseGatewayConfig({ GATEWAY_INTROSPECTION: 'off' }, root).introspection).toBe(false);
  });

  it('keeps an absolute SUPERGRAPH_PATH as it is', () => {
    expect(parseGatewayConfig({ SUPERGRAPH_PATH: '/etc/supergraph.graphql' }, root).supergraphPath).toBe(
      '/etc/supergraph.graphql',
    );
  });

  it('throws one error that lists every bad value', () => {
    const parse = () =>
      parseGatewayConfig(
        {
          GATEWAY_PORT: '70000',
          GATEWAY_ENGINE: 'apollo',
          GATEWAY_INTROSPECTION: 'maybe',
          SUBGRAPH_TIMEOUT_MS: '-5',
          SUBGRAPH_URL_TERRITORIES: 'territories:4001',
          SUBGRAPH_URL_: 'http://x/',
        },
        root,
      );
    expect(parse).toThrowError(/GATEWAY_PORT/);
    expect(parse).toThrowError(/GATEWAY_ENGINE/);
    expect(parse).toThrowError(/GATEWAY_INTROSPECTION/);
    expect(parse).toThrowError(/SUBGRAPH_TIMEOUT_MS/);
    expect(parse).toThrowError(/SUBGRAPH_URL_TERRITORIES/);
    expect(parse).toThrowError(/SUBGRAPH_URL_ must name a subgraph/);
  });
});
