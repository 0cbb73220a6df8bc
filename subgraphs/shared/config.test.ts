import { describe, expect, it } from 'vitest';
import { parseSubgraphConfig } from './config';
import { showsProgress } from './logging';

const parse = (env: Record<string, string>) => parseSubgraphConfig('events', env, '/srv');

describe('the log level of a subgraph', () => {
  it('is info by default, with progress lines', () => {
    expect(parse({}).logLevel).toBe('info');
    expect(showsProgress(parse({}).logLevel)).toBe(true);
  });

  it('follows LOG_LEVEL, in any case, and prints progress only at info and more verbose levels', () => {
    expect(parse({ LOG_LEVEL: 'WARN' }).logLevel).toBe('warn');
    expect(showsProgress('warn')).toBe(false);
    expect(showsProgress('debug')).toBe(true);
    expect(parse({ LOG_LEVEL: 'silent' })).toMatchObject({ logLevel: 'silent', quiet: true });
  });

  it('is silent with QUIET=1, whatever LOG_LEVEL says', () => {
    expect(parse({ QUIET: '1', LOG_LEVEL: 'debug' })).toMatchObject({ logLevel: 'silent', quiet: true });
  });

  it('refuses an unknown level, naming the variable and the levels', () => {
    expect(() => parse({ LOG_LEVEL: 'loud' })).toThrowError(
      /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"/,
    );
  });
});

describe('the demo data of a subgraph', () => {
  const production = {
    NODE_ENV: 'production',
    INTERNAL_AUTH_SECRET: 'a-test-internal-secret-of-32-characters-or-more',
  };

  it('is generated at scale 1 outside production', () => {
    expect(parse({}).demoScale).toBe(1);
    expect(parse({ NODE_ENV: 'development' }).demoScale).toBe(1);
  });

  it('is not generated in production unless DEMO_SCALE says so explicitly', () => {
    expect(parse(production).demoScale).toBe(0);
    expect(parse({ ...production, DEMO_SCALE: '' }).demoScale).toBe(0);
    expect(parse({ ...production, DEMO_SCALE: '2' }).demoScale).toBe(2);
    expect(parse({ DEMO_SCALE: '0' }).demoScale).toBe(0);
  });

  it('refuses a DEMO_SCALE that is not an integer from 0 to 1000, in production too', () => {
    expect(() => parse({ ...production, DEMO_SCALE: 'lots' })).toThrowError(
      /DEMO_SCALE must be an integer from 0 to 1000, got "lots"/,
    );
  });
});

describe('the notifications subgraph', () => {
  it('is a subgraph of its own on port 4005, whose URL every subgraph knows (its outbox relay sends there)', () => {
    const config = parseSubgraphConfig('notifications', {}, '/srv');
    expect(config).toMatchObject({
      port: 4005,
      database: { type: 'sqlite', path: '/srv/.data/notifications.sqlite' },
      publicUrl: 'http://127.0.0.1:4000',
    });
    expect(parse({}).peers.notifications).toBe('http://127.0.0.1:4005/graphql');
    expect(
      parseSubgraphConfig('notifications', { DATABASE_URL: 'postgres://db/hub' }, '/srv').database,
    ).toEqual({
      type: 'postgres',
      url: 'postgres://db/hub',
      schema: 'notifications',
    });
  });

  it('refuses a PUBLIC_URL that is not an http(s) URL', () => {
    expect(() => parse({ PUBLIC_URL: 'passerelle.example' })).toThrowError(
      /PUBLIC_URL must be an http\(s\) URL/,
    );
  });
});
