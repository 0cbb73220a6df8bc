import type { IncomingMessage, ServerResponse } from 'node:http';
import { CACHE_HEADER, responseCacheKey } from '../plugins';
import { sha256Hex } from '../safelist';
import type { SharedStore } from '../store';
import type { OperationFields } from './operations';

/** A response-cache lookup: the key the plugin stores under, and the stored answer when there is one. */
export interface CacheLookup {
  key: string;
  text?: string;
  operationName: string;
}

/**
 * The response-cache lookup of an anonymous single-operation JSON POST, or undefined for any other request.
 * Only queries without errors are ever stored, so a hit is a query that already passed every check (limits,
 * validation, safelist) for the same document. Variables were depth-checked before (operations.ts), so
 * building the key cannot overflow the stack.
 */
export async function lookUpCachedAnswer(
  req: IncomingMessage,
  body: unknown,
  store: SharedStore,
): Promise<CacheLookup | undefined> {
  if (req.method !== 'POST' || req.headers.authorization) return undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { query, operationName, variables, extensions } = body as OperationFields;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  const persisted = extensions?.persistedQuery?.sha256Hash;
  const hash =
    typeof query === 'string' ? sha256Hex(query) : typeof persisted === 'string' ? persisted : undefined;
  if (hash === undefined) return undefined;
  const name = operationName ?? '';
  const key = await responseCacheKey(store, hash, name, variables ?? {});
  return { key, text: await store.get(key), operationName: name };
}

/**
 * Writes a hit as Apollo would answer it (its serializer ends the JSON with a newline), without parsing the
 * stored answer and serializing it again.
 */
export function sendCachedAnswer(res: ServerResponse, text: string): void {
  res.statusCode = 200;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader(CACHE_HEADER, 'HIT');
  res.end(`${text}\n`);
}
