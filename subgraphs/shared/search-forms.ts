/**
 * The forms an Arabic word is searched by: the word itself, and the stems left once the particles written
 * onto it (proclitics) are taken off, so that "شفشاون" finds "بشفشاون", "التطهير" finds "والتطهير" and
 * "ماء" finds "الماء" — and the other way round. Both sides use it: the text indexed (every word with its
 * stems) and the search (a search word matches when one of its forms begins one of the indexed forms).
 * Words are expected folded already (`foldForSearch`: one alef, ه for ة, ي for ى, no diacritics).
 *
 * The rule (docs/discovery.md, "Search"): a word is made of an optional conjunction (و، ف), an optional
 * preposition (ب، ك، ل) and an optional article (ال; ل + ال is written لل), then the stem. Every way of
 * reading such particles at the start of the word gives a stem, kept only when it has at least
 * `MIN_ARABIC_STEM` letters: "بحر" stays "بحر" (not "حر"), "الله" stays whole, while "بشفشاون" also gives
 * "شفشاون" and "وبالماء" gives "بالماء", "الماء" and "ماء". The word is always kept too, so nothing that
 * matched before stops matching; a word whose first letter merely looks like a particle ("كلميم" → "لميم")
 * only adds a form. Words that are not all Arabic letters (French, English, digits) have no other form.
 */

/** The conjunctions that may open a word. */
const CONJUNCTIONS = ['', 'و', 'ف'];
/** The prepositions that may follow them. */
const PREPOSITIONS = ['', 'ب', 'ك', 'ل'];
/** The article, after a preposition or none; after ل it loses its alef (ل + ال = لل). */
const articleAfter = (preposition: string) => (preposition === 'ل' ? ['', 'ل'] : ['', 'ال']);

/** Every particle sequence a word may begin with (و، ف، ب، ك، ل، ال، وال، بال، لل، ولل، فبال…), longest first. */
export const ARABIC_PROCLITICS: readonly string[] = CONJUNCTIONS.flatMap((c) =>
  PREPOSITIONS.flatMap((p) => articleAfter(p).map((a) => c + p + a)),
)
  .filter((sequence) => sequence.length > 0)
  .sort((a, b) => b.length - a.length);

/** The fewest letters a stem keeps: below it, the particle is taken to be part of the word ("بحر"). */
export const MIN_ARABIC_STEM = 3;

const ARABIC_WORD = /^[\u0621-\u063A\u0641-\u064A]+$/u;

/** The stems of a folded word once its particles are taken off (none for a word without any). */
export function arabicStems(word: string): string[] {
  if (!ARABIC_WORD.test(word)) return [];
  const stems = ARABIC_PROCLITICS.filter(
    (sequence) => word.startsWith(sequence) && [...word].length - sequence.length >= MIN_ARABIC_STEM,
  ).map((sequence) => word.slice(sequence.length));
  return [...new Set(stems)];
}

/** The word and its stems: the forms a folded word is indexed and searched by. */
export function searchForms(word: string): string[] {
  return [word, ...arabicStems(word)];
}
