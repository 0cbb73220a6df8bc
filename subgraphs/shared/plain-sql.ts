import type { EntityManager } from 'typeorm';
import { chunk } from './database';

/**
 * Plain SQL for migrations that bring seeded data up to date, the same on SQLite and PostgreSQL: parameters
 * as `$n` on PostgreSQL and `?` on SQLite, column names quoted, rows as `{ column: value }`. A migration must
 * not depend on entity metadata (a column added by a later migration would be written before it exists).
 */

/** One row as its table's columns name it. */
export type Row = Record<string, unknown>;

/** A boolean as both engines take it from a bound parameter (better-sqlite3 binds no booleans). */
export const flag = (value: boolean): number => (value ? 1 : 0);

/** Whether the subgraph's database was seeded (`seed_state`): a fresh one is left to the seed. */
export async function wasSeeded(manager: EntityManager): Promise<boolean> {
  // A schema migrated on its own (a subgraph's migrations alone) has no seed_state: nothing was seeded.
  const own = manager.queryRunner ? null : manager.connection.createQueryRunner();
  try {
    if (!(await (manager.queryRunner ?? own)!.hasTable('seed_state'))) return false;
  } finally {
    await own?.release();
  }
  const rows: unknown[] = await manager.query(`SELECT "key" FROM seed_state WHERE "key" = 'seeded'`);
  return rows.length > 0;
}

export function plainSql(manager: EntityManager) {
  const postgres = manager.connection.options.type === 'postgres';
  const marks = (count: number, from = 0) =>
    Array.from({ length: count }, (_, i) => (postgres ? `$${from + i + 1}` : '?')).join(', ');
  return {
    marks,
    /** The values of `column` among `values` that `table` holds (`where` narrows the rows looked at). */
    async present(table: string, column: string, values: string[], where = 'TRUE'): Promise<Set<string>> {
      const found = new Set<string>();
      for (const part of chunk(values, 400)) {
        const rows: Record<string, string>[] = await manager.query(
          `SELECT "${column}" AS value FROM ${table} WHERE "${column}" IN (${marks(part.length)}) AND ${where}`,
          part,
        );
        for (const row of rows) found.add(row.value);
      }
      return found;
    },
    /** Inserts `rows` (all with the same columns) in multi-row statements. */
    async insert(table: string, rows: Row[]): Promise<void> {
      for (const part of chunk(rows, 100)) {
        const columns = Object.keys(part[0]);
        const tuples = part.map((_, r) => `(${marks(columns.length, r * columns.length)})`).join(', ');
        await manager.query(
          `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples}`,
          part.flatMap((row) => columns.map((c) => row[c])),
        );
      }
    },
    /** Sets `values` on the row `id` if it was never written through the hub (version 1). */
    async updateUnwritten(table: string, id: string, values: Row): Promise<void> {
      const columns = Object.keys(values);
      const sets = columns.map((c, i) => `"${c}" = ${marks(1, i)}`).join(', ');
      await manager.query(
        `UPDATE ${table} SET ${sets} WHERE id = ${marks(1, columns.length)} AND version = 1`,
        [...columns.map((c) => values[c]), id],
      );
    },
  };
}
