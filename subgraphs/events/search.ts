import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { BadUserInputError } from '../shared/errors';
import { foldForSearch } from '../shared/i18n';
import { searchForms } from '../shared/search-forms';

/**
 * Full-text search of experiences, the one place that knows how: SQLite FTS5 (`experience_fts`) or a
 * PostgreSQL `tsvector` (`experience.search_vector`, GIN-indexed), both over `experience.search_text`.
 *
 * The application folds the text before either engine sees it (`indexText`: the kernel's `foldForSearch` —
 * lower case, no Latin accents, no Arabic diacritics, one alef — then only letters and digits), rather than
 * `unaccent` on PostgreSQL, which knows nothing of Arabic diacritics. Both engines therefore see the same
 * words, and a search matches the same experiences on both: each of its words must begin a word of the text
 * ("Fes" finds "Fès", "diagnos" finds "diagnostic"). Arabic words are indexed with their stems, the
 * particles written onto them taken off (`searchForms`), and a search word matches when one of its own forms
 * begins an indexed form: "شفشاون" finds "بشفشاون", "التطهير" finds "والتطهير". The PostgreSQL vector also holds the French stems of
 * French and English texts (weight D, `french` configuration; Arabic texts use `simple` only): they only
 * rank, since matching is restricted to the exact words (weight A), which SQLite has no French stemmer to
 * reproduce.
 */

/** The longest search text accepted. */
export const MAX_SEARCH_LENGTH = 200;

/** Folded text made of letters and digits only, words separated by one space: what both engines index. */
export function indexText(text: string): string {
  return foldForSearch(text)
    .normalize('NFC')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words of `text` as both engines index them: each folded word followed by its stems (`searchForms`). */
export function indexedWords(text: string): string[] {
  return indexText(text)
    .split(' ')
    .filter((word) => word.length > 0)
    .flatMap(searchForms);
}

/** The text stored in `experience.search_text`. */
export function searchTextOf(experience: { title: string; summary: string; lessons: string }): string {
  return indexedWords(`${experience.title} ${experience.summary} ${experience.lessons}`).join(' ');
}

/**
 * The words of a search, each as the list of its forms (`searchForms`: the word, then its stems), or an
 * empty list when it has none. A word matches when one of its forms begins an indexed word.
 */
export function searchWords(search: string, field: string): string[][] {
  if (search.length > MAX_SEARCH_LENGTH) {
    throw new BadUserInputError(`A search is at most ${MAX_SEARCH_LENGTH} characters long`, field);
  }
  const words = [...new Set(indexText(search).split(' '))].filter((word) => word.length > 0);
  return words.map(searchForms);
}

type Engine = 'sqlite' | 'postgres';

function engineOf(qb: SelectQueryBuilder<ObjectLiteral>): Engine {
  return qb.connection.options.type === 'postgres' ? 'postgres' : 'sqlite';
}

/**
 * The engine's query: every word required, as any of its forms, each a prefix. Forms hold only letters and
 * digits.
 */
function engineQuery(engine: Engine, words: string[][]): string {
  return engine === 'postgres'
    ? words.map((forms) => `(${forms.map((form) => `${form}:*A`).join(' | ')})`).join(' & ')
    : words.map((forms) => `(${forms.map((form) => `"${form}"*`).join(' OR ')})`).join(' AND ');
}

/** Restricts `qb` to the experiences (alias `alias`) whose text has every word of `search`. */
export function matchExperienceSearch<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  search: string,
  field = 'filter.search',
): SelectQueryBuilder<T> {
  const words = searchWords(search, field);
  if (words.length === 0) return qb;
  const engine = engineOf(qb);
  const query = engineQuery(engine, words);
  return engine === 'postgres'
    ? qb.andWhere(`${alias}.search_vector @@ to_tsquery('simple', :ftsQuery)`, { ftsQuery: query })
    : qb.andWhere(
        `${alias}.rowid IN (SELECT rowid FROM experience_fts WHERE experience_fts MATCH :ftsQuery)`,
        {
          ftsQuery: query,
        },
      );
}

/**
 * Orders `qb` (already restricted by `matchExperienceSearch`) by relevance to `search`, best first, then
 * newest first: BM25 on SQLite; on PostgreSQL `ts_rank` over the exact words and their French stems.
 * Without search words the order stays the builder's.
 */
export function orderBySearchRank<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  search: string | null | undefined,
  field = 'filter.search',
): SelectQueryBuilder<T> {
  const words = search ? searchWords(search, field) : [];
  if (words.length === 0) return qb;
  const engine = engineOf(qb);
  if (engine === 'postgres') {
    const stems = words
      .flat()
      .map((form) => `${form}:*D`)
      .join(' | ');
    qb.addSelect(
      `ts_rank(${alias}.search_vector, to_tsquery('simple', :rankQuery) || to_tsquery('french', :rankStems))`,
      'search_rank',
    ).setParameters({ rankQuery: engineQuery(engine, words), rankStems: stems });
    qb.orderBy('search_rank', 'DESC');
  } else {
    // bm25() is smaller for better matches; it needs the MATCH of its own row, hence the subquery.
    qb.addSelect(
      `(SELECT bm25(experience_fts) FROM experience_fts WHERE experience_fts MATCH :rankQuery AND experience_fts.rowid = ${alias}.rowid)`,
      'search_rank',
    ).setParameters({ rankQuery: engineQuery(engine, words) });
    qb.orderBy('search_rank', 'ASC');
  }
  return qb.addOrderBy(`${alias}.publishedOn`, 'DESC', 'NULLS FIRST').addOrderBy(`${alias}.id`, 'ASC');
}
