import { foldForSearch, type Texts } from '../shared/i18n';

/** The folded names a territory is searched by ("Fes", "FES" and "فاس" all find "Fès"). */
export function searchText(names: Texts): string {
  return [names.fr, names.ar, names.en]
    .filter((name): name is string => !!name)
    .map(foldForSearch)
    .join(' | ');
}
