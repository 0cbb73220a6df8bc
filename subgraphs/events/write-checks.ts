import type { EntityManager } from 'typeorm';
import { BadUserInputError } from '../shared/errors';
import { checkSdg, checkTheme, checkUrl } from '../shared/validate';
import { checkText } from '../shared/writes';
import { EventEntity } from './event.entity';

/** Input checks of the events subgraph's writes that need no database; each names the field at fault. */

/** How many organisers, themes, SDGs, languages or documents one record takes at most. */
export const MAX_LIST = 50;

/**
 * The shape of an id owned by another subgraph (a network such as `uclg-africa`, an agreement such as
 * `ma-ex02-2025` or `p-<uuid>`): this subgraph cannot tell whether it exists, only that it could.
 */
const FOREIGN_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function checkForeignId(id: string | null | undefined, field: string, what: string): void {
  if (id != null && (id.length > 64 || !FOREIGN_ID.test(id))) {
    throw new BadUserInputError(
      `"${id}" is not ${what} id (lower-case letters, digits and dashes, e.g. uclg-africa)`,
      field,
    );
  }
}

/** BAD_USER_INPUT unless the list has at most `MAX_LIST` items (and at least one when `required`). */
export function checkListSize(values: readonly unknown[], field: string, required = false): void {
  if (required && values.length === 0) throw new BadUserInputError(`${field} must not be empty`, field);
  if (values.length > MAX_LIST)
    throw new BadUserInputError(`${field} has more than ${MAX_LIST} items`, field);
}

/** Theme codes and SDG numbers, each checked under its index (`input.themes[2]`). */
export function checkFacetValues(
  values: { themes?: string[] | null; sdgs?: number[] | null },
  prefix: string,
): void {
  if (values.themes) {
    checkListSize(values.themes, `${prefix}.themes`);
    values.themes.forEach((theme, i) => checkTheme(theme, `${prefix}.themes[${i}]`));
  }
  if (values.sdgs) {
    checkListSize(values.sdgs, `${prefix}.sdgs`);
    values.sdgs.forEach((sdg, i) => checkSdg(sdg, `${prefix}.sdgs[${i}]`));
  }
}

/** BAD_USER_INPUT unless `url` is an absolute http(s) URL of at most 2,000 characters; returns it trimmed. */
export const checkHttpUrl = (url: string, field: string): string =>
  checkUrl(url, field, ['http:', 'https:'], 2000);

/** The reason of a void or a correction: 1 to 2,000 characters, kept in the audit trail. */
export const checkReason = (reason: string, field = 'reason') => checkText(reason, field, 2000);

/** Distinct values in their first order. */
export const distinct = <T>(values: readonly T[]): T[] => [...new Set(values)];

/**
 * On PostgreSQL, locks the event's row to the end of the transaction, so writes that carry no
 * `expectedVersion` (registering a participant) take turns instead of failing on each other's version.
 * SQLite runs one write transaction at a time already.
 */
export async function lockEvent(manager: EntityManager, id: string): Promise<void> {
  if (manager.connection.options.type !== 'postgres') return;
  await manager
    .createQueryBuilder(EventEntity, 'e')
    .select('e.id')
    .where('e.id = :id', { id })
    .setLock('pessimistic_write')
    .getRawOne();
}
