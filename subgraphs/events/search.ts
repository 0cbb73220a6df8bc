import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { BadUserInputError } from '../shared/errors';
import { foldForSearch } from '../shared/i18n';

/**
 * Full-text search of experiences, kept in this one file so the matching can move to PostgreSQL
 * `tsvector` / SQLite FTS5 without touching the resolvers: today every experience stores its title,
 * summary and lessons folded (`foldForSearch`: lower case, no accents, no Arabic diacritics) in
 * `search_text`, and a query matches when each of its folded words occurs in it.
 */

/** The longest search text accepted. */
export const MAX_SEARCH_LENGTH = 200;

/** The folded text stored in `experience.search_text`. */
export function searchTextOf(experience: { title: string; summary: string; lessons: string }): string {
  return foldForSearch(`${experience.title} ${experience.summary} ${experience.lessons}`);
}

/** The folded words of a search, or an empty list when it has none. */
export function searchWords(search: string, field: string): string[] {
  if (search.length > MAX_SEARCH_LENGTH) {
    throw new BadUserInputError(`A search is at most ${MAX_SEARCH_LENGTH} characters long`, field);
  }
  const words = foldForSearch(search)
    .split(/[\s\p{P}]+/u)
    .filter((word) => word.length > 0);
  return [...new Set(words)];
}

function escapeLike(word: string): string {
  return word.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** Restricts `qb` to the experiences (alias `alias`) whose text contains every word of `search`. */
export function matchExperienceSearch<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  search: string,
  field = 'filter.search',
): SelectQueryBuilder<T> {
  searchWords(search, field).forEach((word, index) => {
    qb.andWhere(`${alias}.search_text LIKE :search${index} ESCAPE '\\'`, {
      [`search${index}`]: `%${escapeLike(word)}%`,
    });
  });
  return qb;
}
