import DataLoader from 'dataloader';

/**
 * A loader of one row per key: `load(keys)` runs one statement for the whole batch; rows come back
 * in key order, `null` for a key with no row (the caller decides whether that is NOT_FOUND).
 */
export function oneByKey<K extends string | number, V>(
  load: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(async (keys) => {
    const rows = await load(keys);
    const byKey = new Map<K, V>(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** A loader of all rows per key (a list field): one statement for the batch, `[]` for a key with none. */
export function manyByKey<K extends string | number, V>(
  load: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(async (keys) => {
    const rows = await load(keys);
    const byKey = new Map<K, V[]>();
    for (const row of rows) {
      const key = keyOf(row);
      const list = byKey.get(key);
      if (list) list.push(row);
      else byKey.set(key, [row]);
    }
    return keys.map((key) => byKey.get(key) ?? []);
  });
}
