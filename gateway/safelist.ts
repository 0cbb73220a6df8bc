import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/** The operations a partner application registered: sha256 hex of the document → the document. */
export type Safelist = ReadonlyMap<string, string>;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const HASH = /^[0-9a-f]{64}$/;

/**
 * Reads a persisted-operation manifest: Apollo's format
 * (`{ "format": "apollo-persisted-query-manifest", "version": 1, "operations": [{ "id", "body", … }] }`)
 * or a plain object `{ "<sha256 of the body>": "<body>" }`. Every id must be the sha256 of its body (the
 * hash clients send as `extensions.persistedQuery.sha256Hash`); any problem stops the start.
 */
export async function loadSafelist(file: string): Promise<Safelist> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the safelist at ${file}: ${(error as Error).message}`);
  }
  const entries: [string, unknown][] =
    parsed && typeof parsed === 'object' && Array.isArray((parsed as { operations?: unknown }).operations)
      ? (parsed as { operations: { id?: unknown; body?: unknown }[] }).operations.map((operation) => [
          String(operation?.id ?? ''),
          operation?.body,
        ])
      : parsed && typeof parsed === 'object' && !Array.isArray(parsed)
        ? Object.entries(parsed)
        : [];
  if (entries.length === 0) throw new Error(`The safelist at ${file} lists no operation`);
  const problems: string[] = [];
  const safelist = new Map<string, string>();
  for (const [id, body] of entries) {
    if (typeof body !== 'string' || !HASH.test(id)) {
      problems.push(`"${id}" is not a sha256 hex id with a string body`);
    } else if (sha256Hex(body) !== id) {
      problems.push(`"${id}" is not the sha256 of its body`);
    } else {
      safelist.set(id, body);
    }
  }
  if (problems.length) throw new Error(`Invalid safelist ${file}:\n- ${problems.join('\n- ')}`);
  return safelist;
}
