import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { documentHasNul, hasNul } from './nul-guard';

describe('the NUL guard', () => {
  it('finds a NUL in variables inside lists and input objects, at any depth, keys included', () => {
    expect(hasNul({ filter: { ids: ['03', '04'] } })).toBe(false);
    expect(hasNul({ filter: { ids: ['03', '04\u0000'] } })).toBe(true);
    expect(hasNul({ input: { sources: [{ url: 'https://x.org', title: 'a\u0000' }] } })).toBe(true);
    expect(hasNul({ input: { ['k\u0000']: 1 } })).toBe(true);
  });

  it('walks variables nested thousands deep without overflowing the stack', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(hasNul({ v: deep })).toBe(true);
  });

  it('finds a NUL in string literals of lists, input objects and variable defaults', () => {
    expect(documentHasNul(parse('{ territories(filter: { ids: ["03", "04"] }) { nodes { id } } }'))).toBe(
      false,
    );
    expect(documentHasNul(parse('{ t(filter: { ids: ["03", "04\\u0000"] }) { id } }'))).toBe(true);
    expect(documentHasNul(parse('query($a: String = "x\\u0000") { t(a: $a) { id } }'))).toBe(true);
  });
});
