import { slugOf } from '../reference/former';

/**
 * The vocabulary table from the sourced batch's free-text themes (French, `;`-separated, as the sources word
 * them) to the theme codes of `themes.ts`. Each line: a word or phrase (accents and case ignored, matched at
 * word boundaries) → the code it means. An item matching no line maps to nothing: it stays, as written, in
 * the record's summary or description. Nothing is inferred beyond these words.
 */
export const THEME_VOCABULARY: readonly (readonly [phrase: string, code: string])[] = [
  ['eau', 'water-sanitation'],
  ['gestion de l eau', 'water-sanitation'],
  ['stress hydrique', 'water-sanitation'],
  ['eau potable', 'water-sanitation'],
  ['assainissement', 'water-sanitation'],
  ['dechets', 'solid-waste'],
  ['collecte des dechets', 'solid-waste'],
  ['proprete urbaine', 'solid-waste'],
  ['hygiene et salubrite publique', 'solid-waste'],
  ['transport', 'urban-transport'],
  ['transport public', 'urban-transport'],
  ['mobilite durable', 'urban-transport'],
  ['mobilite et transport', 'urban-transport'],
  ['energie', 'energy'],
  ['energies renouvelables', 'energy'],
  ['transition energetique', 'energy'],
  ['climat', 'climate'],
  ['resilience climatique', 'climate'],
  ['changement climatique', 'climate'],
  ['environnement', 'climate'],
  ['transition ecologique', 'climate'],
  ['espaces verts', 'climate'],
  ['patrimoine naturel', 'climate'],
  ['pollution', 'climate'],
  ['culture', 'culture'],
  ['culturel', 'culture'],
  ['culturels', 'culture'],
  ['arts', 'culture'],
  ['art', 'culture'],
  ['musees', 'culture'],
  ['museums', 'culture'],
  ['bibliotheques', 'culture'],
  ['festival', 'culture'],
  ['echanges interculturels', 'culture'],
  ['francophonie', 'culture'],
  ['diversite culturelle', 'culture'],
  ['dialogue des cultures', 'culture'],
  ['patrimoine', 'heritage'],
  ['archeologie', 'heritage'],
  ['architecture et patrimoine', 'heritage'],
  ['archives', 'heritage'],
  ['tourisme', 'tourism'],
  ['touristique', 'tourism'],
  ['formation touristique', 'tourism'],
  ['economie', 'economic-development'],
  ['economique', 'economic-development'],
  ['economiques', 'economic-development'],
  ['developpement economique', 'economic-development'],
  ['commerce', 'economic-development'],
  ['investissement', 'economic-development'],
  ['industrie', 'economic-development'],
  ['parc industriel', 'economic-development'],
  ['artisanat', 'economic-development'],
  ['emploi', 'economic-development'],
  ['entreprises', 'economic-development'],
  ['finance', 'economic-development'],
  ['ports', 'economic-development'],
  ['port de peche', 'economic-development'],
  ['gestion portuaire', 'economic-development'],
  ['economie sociale', 'social-inclusion'],
  ['gouvernance', 'governance'],
  ['gouvernance locale', 'governance'],
  ['gouvernance urbaine', 'governance'],
  ['gouvernance territoriale', 'governance'],
  ['bonne gouvernance', 'governance'],
  ['gestion locale', 'governance'],
  ['democratie locale', 'governance'],
  ['appui institutionnel', 'governance'],
  ['developpement institutionnel', 'governance'],
  ['modernisation de l administration locale', 'governance'],
  ['echanges institutionnels', 'governance'],
  ['renforcement des capacites', 'governance'],
  ['formation des elus', 'governance'],
  ['ressources humaines', 'governance'],
  ['services publics', 'governance'],
  ['bonnes pratiques', 'governance'],
  ['decentralisation', 'governance'],
  ['regionalisation', 'governance'],
  ['gestion communale', 'governance'],
  ['gestion des affaires locales', 'governance'],
  ['administration regionale', 'governance'],
  ['democratie participative', 'governance'],
  ['education', 'education'],
  ['enseignement', 'education'],
  ['scolaire', 'education'],
  ['echanges scolaires', 'education'],
  ['universite', 'education'],
  ['universites', 'education'],
  ['recherche', 'education'],
  ['recherche scientifique', 'education'],
  ['echanges d etudiants', 'education'],
  ['formation', 'education'],
  ['formation professionnelle', 'education'],
  ['science', 'education'],
  ['jeunesse', 'youth'],
  ['jeunes', 'youth'],
  ['echanges de jeunes', 'youth'],
  ['egalite femmes hommes', 'gender-equality'],
  ['femmes', 'gender-equality'],
  ['sante', 'health'],
  ['vih', 'health'],
  ['aide medicale urgente', 'health'],
  ['agriculture', 'agriculture'],
  ['developpement rural', 'agriculture'],
  ['social', 'social-inclusion'],
  ['developpement social', 'social-inclusion'],
  ['services sociaux', 'social-inclusion'],
  ['solidarite', 'social-inclusion'],
  ['inclusion sociale', 'social-inclusion'],
  ['inclusion des personnes handicapees', 'social-inclusion'],
  ['egalite des chances', 'social-inclusion'],
  ['urbanisme', 'urban-planning'],
  ['urbanisme inclusif et durable', 'urban-planning'],
  ['amenagement urbain', 'urban-planning'],
  ['amenagement du territoire', 'urban-planning'],
  ['planification territoriale', 'urban-planning'],
  ['habitat', 'urban-planning'],
  ['infrastructures', 'urban-planning'],
  ['travaux publics', 'urban-planning'],
  ['developpement urbain', 'urban-planning'],
  ['reconstruction urbaine', 'urban-planning'],
  ['sport', 'sport'],
  ['sportifs', 'sport'],
  ['echanges sportifs', 'sport'],
  ['numerique', 'digital'],
  ['economie numerique', 'digital'],
  ['digital', 'digital'],
  ['transformation digitale', 'digital'],
  ['transformation numerique', 'digital'],
  ['informatique', 'digital'],
  ['nouvelles technologies', 'digital'],
  ['systeme d information geographique', 'digital'],
];

/** `Égalité femmes-hommes` → `egalite femmes hommes`: what the vocabulary is matched against. */
const plain = (text: string) => slugOf(text).replace(/-/g, ' ');

const LINES = THEME_VOCABULARY.map(([phrase, code]) => ({
  pattern: new RegExp(`(^| )${plain(phrase)}( |$)`),
  code,
}));

/** The `;`-separated items of a themes cell, as written. */
export function themeItems(cell: string | undefined): string[] {
  return (cell ?? '')
    .split(';')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** The theme codes the vocabulary finds in one item (none when no line matches it). */
export function themeCodesOfItem(item: string): string[] {
  const text = plain(item);
  return [...new Set(LINES.filter((line) => line.pattern.test(text)).map((line) => line.code))];
}

/** The theme codes of a themes cell, each once, in the order the items name them. */
export function themeCodesOf(cell: string | undefined): string[] {
  return [...new Set(themeItems(cell).flatMap(themeCodesOfItem))];
}
