import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEV_AUTH_AUDIENCE, DEV_AUTH_ISSUER, DEV_AUTH_JWT_SECRET, parseGatewayConfig } from './config';
import { DEV_INTERNAL_AUTH_SECRET } from '../subgraphs/shared/identity';

/** What production needs besides the variables a test is about. */
const PRODUCTION_AUTH = {
  AUTH_JWKS_URL: 'https://auth.example.org/jwks.json',
  AUTH_ISSUER: 'https://auth.example.org/',
  AUTH_AUDIENCE: 'passerelle',
  INTERNAL_AUTH_SECRET: 'x'.repeat(32),
};

const root = path.resolve('/srv/passerelle');

describe('parseGatewayConfig', () => {
  it('gives every variable its default when the environment is empty', () => {
    expect(parseGatewayConfig({}, root)).toEqual({
      port: 4000,
      host: '127.0.0.1',
      supergraphPath: path.join(root, 'schema/supergraph.graphql'),
      subgraphUrls: {},
      engine: 'router-runtime',
      production: false,
      introspection: true,
      subgraphTimeoutMs: 10_000,
      sandbox: true,
      logLevel: 'info',
      redisUrl: undefined,
      redisCommandTimeoutMs: 500,
      responseCacheTtlSeconds: 0,
      persistedQueriesTtlSeconds: 86_400,
      limits: {
        depth: 10,
        aliases: 15,
        directives: 50,
        tokens: 2000,
        cost: 50_000,
        bodyBytes: 1_000_000,
        batchOperations: 1,
        documentBytes: 32_768,
        variablesDepth: 20,
        bodyTimeoutMs: 10_000,
      },
      rateLimit: { max: 0, windowSeconds: 60 },
      persistedQueryRegistrations: { max: 0, windowSeconds: 3600 },
      memoryStoreBytes: 64 * 1024 * 1024,
      trustProxy: false,
      safelistPath: undefined,
      metrics: true,
      metricsPort: undefined,
      dedupeInflight: false,
      dedupeSubgraphCalls: true,
      auth: {
        jwksUrl: undefined,
        publicKey: undefined,
        jwtSecret: DEV_AUTH_JWT_SECRET,
        issuer: DEV_AUTH_ISSUER,
        audience: DEV_AUTH_AUDIENCE,
        internalSecret: DEV_INTERNAL_AUTH_SECRET,
      },
    });
  });

  it('turns the response cache, the rate limit and the suggestion-free landing page on in production', () => {
    const config = parseGatewayConfig({ NODE_ENV: 'production', ...PRODUCTION_AUTH }, root);
    expect(config).toMatchObject({
      sandbox: false,
      introspection: false,
      responseCacheTtlSeconds: 30,
      rateLimit: { max: 600, windowSeconds: 60 },
      persistedQueryRegistrations: { max: 100, windowSeconds: 3600 },
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
        GATEWAY_SANDBOX: 'yes',
        LOG_LEVEL: 'silent',
        REDIS_URL: 'redis://127.0.0.1:6380/2',
        RESPONSE_CACHE_TTL_SECONDS: '5',
        PERSISTED_QUERIES_TTL_SECONDS: '3600',
        MAX_QUERY_DEPTH: '8',
        MAX_QUERY_ALIASES: '4',
        MAX_QUERY_DIRECTIVES: '5',
        MAX_QUERY_TOKENS: '500',
        MAX_QUERY_COST: '1000',
        MAX_BODY_BYTES: '2048',
        MAX_BATCH_OPERATIONS: '10',
        RATE_LIMIT_MAX: '100',
        RATE_LIMIT_WINDOW_SECONDS: '10',
        MAX_DOCUMENT_BYTES: '4096',
        MAX_VARIABLES_DEPTH: '8',
        REQUEST_BODY_TIMEOUT_MS: '2000',
        PERSISTED_QUERY_REGISTRATIONS_MAX: '7',
        PERSISTED_QUERY_REGISTRATIONS_WINDOW_SECONDS: '600',
        MEMORY_STORE_MAX_BYTES: '2097152',
        GATEWAY_TRUST_PROXY: 'true',
        SAFELIST_PATH: 'safelist.json',
        GATEWAY_METRICS: 'false',
        METRICS_PORT: '9464',
        GATEWAY_DEDUPE_INFLIGHT: 'true',
        GATEWAY_DEDUPE_SUBGRAPH_CALLS: 'false',
        ...PRODUCTION_AUTH,
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
      sandbox: true,
      logLevel: 'silent',
      redisUrl: 'redis://127.0.0.1:6380/2',
      redisCommandTimeoutMs: 500,
      responseCacheTtlSeconds: 5,
      persistedQueriesTtlSeconds: 3600,
      limits: {
        depth: 8,
        aliases: 4,
        directives: 5,
        tokens: 500,
        cost: 1000,
        bodyBytes: 2048,
        batchOperations: 10,
        documentBytes: 4096,
        variablesDepth: 8,
        bodyTimeoutMs: 2000,
      },
      rateLimit: { max: 100, windowSeconds: 10 },
      persistedQueryRegistrations: { max: 7, windowSeconds: 600 },
      memoryStoreBytes: 2_097_152,
      trustProxy: true,
      safelistPath: path.join(root, 'safelist.json'),
      metrics: false,
      metricsPort: 9464,
      dedupeInflight: true,
      dedupeSubgraphCalls: false,
      auth: {
        jwksUrl: 'https://auth.example.org/jwks.json',
        publicKey: undefined,
        jwtSecret: undefined,
        issuer: 'https://auth.example.org/',
        audience: 'passerelle',
        internalSecret: 'x'.repeat(32),
      },
    });
  });

  it('refuses to start in production without a key source, issuer, audience and internal secret, naming each', () => {
    const parse = () => parseGatewayConfig({ NODE_ENV: 'production' }, root);
    expect(parse).toThrowError(/AUTH_JWKS_URL or AUTH_PUBLIC_KEY is required in production/);
    expect(parse).toThrowError(/AUTH_ISSUER is required/);
    expect(parse).toThrowError(/AUTH_AUDIENCE is required/);
    expect(parse).toThrowError(/INTERNAL_AUTH_SECRET is required/);
  });

  it('never applies the development secret in production, nor accepts a shared secret there', () => {
    const parse = () =>
      parseGatewayConfig(
        { NODE_ENV: 'production', ...PRODUCTION_AUTH, AUTH_JWT_SECRET: 'y'.repeat(40) },
        root,
      );
    expect(parse).toThrowError(/AUTH_JWT_SECRET is for development/);
    expect(parse).not.toThrowError(/yyyy/);
    const config = parseGatewayConfig({ NODE_ENV: 'production', ...PRODUCTION_AUTH }, root);
    expect(config.auth.jwtSecret).toBeUndefined();
  });

  it('rejects short secrets, a bad public key and an http JWKS URL in production', () => {
    const parse = () =>
      parseGatewayConfig(
        {
          NODE_ENV: 'production',
          ...PRODUCTION_AUTH,
          AUTH_JWKS_URL: 'http://auth.example.org/jwks.json',
          AUTH_PUBLIC_KEY: 'not a key',
          INTERNAL_AUTH_SECRET: 'short',
        },
        root,
      );
    expect(parse).toThrowError(/AUTH_JWKS_URL must be an https:\/\/ URL/);
    expect(parse).toThrowError(/AUTH_PUBLIC_KEY must be a PEM public key/);
    expect(parse).toThrowError(/INTERNAL_AUTH_SECRET must be at least 32 characters/);
    expect(parse).not.toThrowError(/short/);
  });

  it('turns introspection off in production unless asked for', () => {
    expect(parseGatewayConfig({ NODE_ENV: 'production', ...PRODUCTION_AUTH }, root).introspection).toBe(
      false,
    );
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
          LOG_LEVEL: 'loud',
          REDIS_URL: 'http://user:secret@redis',
          MAX_QUERY_DEPTH: '0',
          RATE_LIMIT_MAX: 'many',
          GATEWAY_SANDBOX: 'perhaps',
          MAX_DOCUMENT_BYTES: '10',
          REQUEST_BODY_TIMEOUT_MS: '600000',
        },
        root,
      );
    expect(parse).toThrowError(/GATEWAY_PORT/);
    expect(parse).toThrowError(/GATEWAY_ENGINE/);
    expect(parse).toThrowError(/GATEWAY_INTROSPECTION/);
    expect(parse).toThrowError(/SUBGRAPH_TIMEOUT_MS/);
    expect(parse).toThrowError(/SUBGRAPH_URL_TERRITORIES/);
    expect(parse).toThrowError(/SUBGRAPH_URL_ must name a subgraph/);
    expect(parse).toThrowError(/LOG_LEVEL/);
    expect(parse).toThrowError(/REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(parse).toThrowError(/MAX_QUERY_DEPTH/);
    expect(parse).toThrowError(/RATE_LIMIT_MAX/);
    expect(parse).toThrowError(/GATEWAY_SANDBOX/);
    expect(parse).toThrowError(/MAX_DOCUMENT_BYTES/);
    expect(parse).toThrowError(/REQUEST_BODY_TIMEOUT_MS/);
    expect(parse).not.toThrowError(/secret/);
  });

  it('listens on 127.0.0.1 outside production and on every interface in production, unless GATEWAY_HOST says', () => {
    expect(parseGatewayConfig({}, root).host).toBe('127.0.0.1');
    expect(parseGatewayConfig({ NODE_ENV: 'production', ...PRODUCTION_AUTH }, root).host).toBe('0.0.0.0');
    const own = { GATEWAY_HOST: '0.0.0.0', AUTH_JWT_SECRET: 'my-own-development-secret-of-32-chars' };
    expect(parseGatewayConfig(own, root).host).toBe('0.0.0.0');
  });

  it('refuses a host beyond loopback while tokens of the public development secret are accepted', () => {
    for (const GATEWAY_HOST of ['0.0.0.0', '::', '192.168.1.20'])
      expect(() => parseGatewayConfig({ GATEWAY_HOST }, root), GATEWAY_HOST).toThrow(
        /public development secret.*AUTH_JWT_SECRET/,
      );
    expect(() =>
      parseGatewayConfig({ GATEWAY_HOST: '0.0.0.0', AUTH_JWT_SECRET: DEV_AUTH_JWT_SECRET }, root),
    ).toThrow(/public development secret/);
  });

  it('keeps METRICS_PORT off the public port', () => {
    expect(() => parseGatewayConfig({ GATEWAY_PORT: '4100', METRICS_PORT: '4100' }, root)).toThrow(
      /METRICS_PORT must differ from GATEWAY_PORT/,
    );
    expect(parseGatewayConfig({ METRICS_PORT: '0' }, root).metricsPort).toBe(0);
  });
});
