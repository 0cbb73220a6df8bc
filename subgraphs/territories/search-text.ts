import { foldForSearch, type Texts } from '../shared/i18n';
import { arabicStems } from '../shared/search-forms';

/** The folded names a territory is searched by ("Fes", "FES" and "فاس" all find "Fès"). */
export function searchText(names: Texts): string {
  return [names.fr, names.ar, names.en]
    .filter((name): name is string => !!name)
    .map(foldForSearch)
    .join(' | ');
}

/** `%`, `_` and the escape character itself, escaped for `LIKE … ESCAPE '!'`. */
export function likeEscape(text: string): string {
  return text.replace(/[!%_]/g, (c) => `!${c}`);
}

/**
 * The `LIKE … ESCAPE '!'` patterns a folded search `term` finds names by, any one sufficing: the term as a
 * part of a name, and — when some of its Arabic words carry particles (`arabicStems`) — the term with each
 * such word cut to its shortest stem, anything allowed before it: "بشفشاون" finds "شفشاون", "بالرباط" finds
 * "الرباط". The other direction needs nothing more: "شفشاون" is already a part of "بشفشاون".
 */
export function namePatterns(term: string): string[] {
  const whole = `%${likeEscape(term)}%`;
  const words = term.split(' ');
  const stemmed = words.map((word) => {
    const stems = arabicStems(word);
    if (stems.length === 0) return likeEscape(word);
    const shortest = stems.reduce((a, b) => (b.length < a.length ? b : a));
    return `%${likeEscape(shortest)}`;
  });
  const cut = `%${stemmed.join(' ')}%`;
  return cut === whole ? [whole] : [whole, cut];
}
