import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../safelist';
import { checkDocuments, registersPersistedQuery, requestOperations } from './operations';
import { applySafelist } from './safelist';

const limits = { documentBytes: 100, variablesDepth: 3 };
const persisted = (query: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256Hex(query) } });

describe('the operations of a request', () => {
  it('reads one POSTed operation, a batch, or a GET query string', () => {
    expect(requestOperations('POST', { query: '{ a }' }, '').operations).toEqual([{ query: '{ a }' }]);
    expect(requestOperations('POST', [{ query: '{ a }' }, 7, null], '').operations).toHaveLength(1);
    const get = requestOperations(
      'GET',
      undefined,
      `?query=${encodeURIComponent('{ a }')}&variables={"n":1}`,
    );
    expect(get.operations).toEqual([{ query: '{ a }', variables: { n: 1 }, extensions: undefined }]);
    expect(requestOperations('GET', undefined, '').operations).toEqual([]);
  });

  it('puts a safelisted document in place of its hash, in a GET query string too', () => {
    const listed = '{ listed }';
    const safelist = { operations: new Map([[sha256Hex(listed), listed]]), enforce: true };
    const search = `?extensions=${encodeURIComponent(JSON.stringify(persisted(listed)))}`;
    const get = requestOperations('GET', undefined, search);
    applySafelist(get.operations, safelist);
    expect(new URLSearchParams(get.search()).get('query')).toBe(listed);
    expect(() => applySafelist([{ query: '{ other }' }], safelist)).toThrow(/not in the safelist/);
  });
});

describe('document limits', () => {
  it('counts the bytes of a document, comments and multi-byte characters included', () => {
    expect(() => checkDocuments([{ query: `# ${'x'.repeat(100)}\n{ a }` }], limits)).toThrow(
      expect.objectContaining({ status: 413, code: 'DOCUMENT_TOO_LARGE' }),
    );
    expect(() => checkDocuments([{ query: `# ${'é'.repeat(50)}\n{ a }` }], limits)).toThrow(/100 bytes/);
    expect(() => checkDocuments([{ query: '{ a }' }], limits)).not.toThrow();
  });

  it('refuses variables or extensions nested deeper than the limit with 400 BAD_REQUEST', () => {
    expect(() =>
      checkDocuments([{ query: '{ a }', variables: { a: { b: { c: 1 } } } }], limits),
    ).not.toThrow();
    for (const operation of [
      { query: '{ a }', variables: { a: { b: { c: {} } } } },
      { extensions: { a: [[[1]]] } } as never,
    ]) {
      expect(() => checkDocuments([operation], limits)).toThrow(
        expect.objectContaining({ status: 400, code: 'BAD_REQUEST' }),
      );
    }
  });

  it('tells a persisted-query registration (document and hash) from a plain query or a hash alone', () => {
    expect(registersPersistedQuery({ query: '{ a }', extensions: persisted('{ a }') })).toBe(true);
    expect(registersPersistedQuery({ query: '{ a }' })).toBe(false);
    expect(registersPersistedQuery({ extensions: persisted('{ a }') })).toBe(false);
  });
});
