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
