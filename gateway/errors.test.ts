import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createFormatError } from './errors';

function recorder() {
  const lines: string[] = [];
  const log = { debug() {}, info() {}, warn() {}, error: (line: string) => void lines.push(line) };
  return { log, lines };
}

describe('the gateway formatError', () => {
  it('answers Apollo’s uncoded 4xx errors as BAD_REQUEST, without logging them as internal errors', () => {
    const { log, lines } = recorder();
    const error = new GraphQLError('provided sha does not match query', {
      extensions: { http: { status: 400 } },
    });
    const formatted = createFormatError(log)(
      { message: error.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      error,
    );
    expect(formatted).toEqual({
      message: 'provided sha does not match query',
      extensions: { code: 'BAD_REQUEST' },
    });
    expect(lines).toEqual([]);
  });

  it('still masks and logs an error without a code', () => {
    const { log, lines } = recorder();
    const formatted = createFormatError(log)(
      { message: 'connect ECONNREFUSED 10.0.0.3:5432', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      new Error('connect ECONNREFUSED 10.0.0.3:5432'),
    );
    expect(formatted).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(lines).toHaveLength(1);
  });

  it('cuts a message and extensions echoing a huge client value, keeping the code', () => {
    const { log } = recorder();
    const id = 'x'.repeat(990_000);
    const formatted = createFormatError(log)(
      {
        message: `Territory "${id}" does not exist`,
        path: ['territory'],
        extensions: { code: 'NOT_FOUND', id, serviceName: 'territories' },
      },
      new GraphQLError('not found'),
    );
    expect(JSON.stringify(formatted).length).toBeLessThan(600);
    expect(formatted.extensions).toMatchObject({ code: 'NOT_FOUND', serviceName: 'territories' });
    expect(formatted.message).toMatch(/^Territory "x+ … x+" does not exist$/);
  });

  it('removes suggestions only when asked to (production)', () => {
    const { log } = recorder();
    const formatted = {
      message:
        'Value "SIGNE" does not exist in "PartnershipStatus" enum. Did you mean the enum value "SIGNED"?',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    };
    const error = new GraphQLError(formatted.message);
    expect(createFormatError(log)(formatted, error).message).toContain('Did you mean');
    expect(createFormatError(log, { hideSuggestions: true })(formatted, error).message).toBe(
      'Value "SIGNE" does not exist in "PartnershipStatus" enum.',
    );
  });

  it('never shows the CRITICAL_ERROR marker of the fusion engine', () => {
    const { log } = recorder();
    const formatted = createFormatError(log)(
      {
        message: 'Was not able to find any options for name',
        extensions: { code: 'X', CRITICAL_ERROR: true },
      },
      new GraphQLError('x'),
    );
    expect(formatted.extensions).toEqual({ code: 'X' });
  });
});
