import { buildSchema, getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { findTooLongInput, ID_MAX_LENGTH, TEXT_MAX_LENGTH } from './input-limits';

const schema = buildSchema(`
  scalar _Any
  input Filter { ids: [ID!], search: String, and: [Filter!] }
  type T { id: ID! }
  type Query {
    t(id: ID!): T
    ts(filter: Filter): [T!]!
    any(representations: [_Any!]!): [T]!
  }
`);

function tooLong(query: string, variables?: Record<string, unknown>) {
  const document = parse(query);
  return findTooLongInput(schema, document, getOperationAST(document) ?? undefined, variables);
}

const id = (length: number) => '7'.repeat(length);

describe('argument length limits', () => {
  it(`accept an id of ${ID_MAX_LENGTH} characters and refuse one more, inline or in a variable`, () => {
    expect(tooLong(`{ t(id: "${id(ID_MAX_LENGTH)}") { id } }`)).toBeUndefined();
    expect(tooLong(`{ t(id: "${id(ID_MAX_LENGTH + 1)}") { id } }`)).toMatchObject({
      where: 'id',
      limit: ID_MAX_LENGTH,
      length: ID_MAX_LENGTH + 1,
    });
    expect(tooLong('query($v: ID!) { t(id: $v) { id } }', { v: id(ID_MAX_LENGTH + 1) })).toMatchObject({
      where: 'id',
    });
  });

  it('check ids inside lists and input objects, and in input objects nested in themselves', () => {
    expect(tooLong(`{ ts(filter: { ids: ["03", "${id(200)}"] }) { id } }`)?.where).toBe('filter');
    const nested = { and: [{ and: [{ ids: ['03', id(200)] }] }] };
    expect(tooLong('query($f: Filter) { ts(filter: $f) { id } }', { f: nested })?.limit).toBe(ID_MAX_LENGTH);
    expect(tooLong('query($f: Filter) { ts(filter: $f) { id } }', { f: { ids: '03' } })).toBeUndefined();
  });

  it('leave text to its per-field limits up to the backstop, and check a variable default', () => {
    expect(tooLong('query($f: Filter) { ts(filter: $f) { id } }', { f: { search: 'x'.repeat(5000) } })).toBe(
      undefined,
    );
    expect(
      tooLong('query($f: Filter) { ts(filter: $f) { id } }', {
        f: { search: 'x'.repeat(TEXT_MAX_LENGTH + 1) },
      }),
    ).toMatchObject({ limit: TEXT_MAX_LENGTH });
    expect(tooLong(`query($v: ID = "${id(300)}") { t(id: $v) { id } }`)?.limit).toBe(ID_MAX_LENGTH);
  });

  it('treat the inside of a scalar such as _Any as text', () => {
    const representation = { __typename: 'T', id: id(300) };
    expect(tooLong('query($r: [_Any!]!) { any(representations: $r) { id } }', { r: [representation] })).toBe(
      undefined,
    );
    const huge = { __typename: 'T', id: 'x'.repeat(TEXT_MAX_LENGTH + 1) };
    expect(tooLong('query($r: [_Any!]!) { any(representations: $r) { id } }', { r: [huge] })).toBeDefined();
  });
});
