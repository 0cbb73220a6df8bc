import { describe, expect, it } from 'vitest';
import {
  clipExtensions,
  clipMessage,
  MAX_ERROR_EXTENSION_LENGTH,
  MAX_ERROR_MESSAGE_LENGTH,
  withoutSuggestions,
} from './error-text';

describe('withoutSuggestions', () => {
  it.each([
    [
      'Cannot query field "nam" on type "Territory". Did you mean "name"?',
      'Cannot query field "nam" on type "Territory".',
    ],
    [
      'Value "SIGNE" does not exist in "PartnershipStatus" enum. Did you mean the enum value "SIGNED"?',
      'Value "SIGNE" does not exist in "PartnershipStatus" enum.',
    ],
    [
      'Unknown type "PartnershipFilte". Did you mean "PartnershipFilter", "PartnershipEdge", or "PartnershipKind"?',
      'Unknown type "PartnershipFilte".',
    ],
    [
      'Variable "$f" got invalid value { statuse: ["SIGNED"] }; Field "statuse" is not defined by type "PartnershipFilter". Did you mean "statuses"?',
      'Variable "$f" got invalid value { statuse: ["SIGNED"] }; Field "statuse" is not defined by type "PartnershipFilter".',
    ],
  ])('removes the suggestion of %j', (message, expected) => {
    expect(withoutSuggestions(message)).toBe(expected);
  });

  it('leaves a message without suggestion as it is', () => {
    expect(withoutSuggestions('Territory "03" does not exist')).toBe('Territory "03" does not exist');
  });
});

describe('clipMessage', () => {
  it('keeps a message of the limit whole', () => {
    const message = 'x'.repeat(MAX_ERROR_MESSAGE_LENGTH);
    expect(clipMessage(message)).toBe(message);
  });

  it('cuts a longer message in its middle, keeping the start and the reason at the end', () => {
    const message = `Variable "$n" got invalid value "${'x'.repeat(990_000)}"; Int cannot represent it`;
    const clipped = clipMessage(message);
    expect(clipped.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_LENGTH);
    expect(clipped).toMatch(/^Variable "\$n" got invalid value "x+ … x+"; Int cannot represent it$/);
  });
});

describe('clipExtensions', () => {
  it('cuts long strings at any depth and keeps everything else', () => {
    const id = 'y'.repeat(10_000);
    const clipped = clipExtensions({ code: 'NOT_FOUND', id, nested: { ids: [id, 'short'] }, count: 3 });
    expect(clipped).toEqual({
      code: 'NOT_FOUND',
      id: `${'y'.repeat(MAX_ERROR_EXTENSION_LENGTH)}…`,
      nested: { ids: [`${'y'.repeat(MAX_ERROR_EXTENSION_LENGTH)}…`, 'short'] },
      count: 3,
    });
  });
});
