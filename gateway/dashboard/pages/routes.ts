/**
 * The dashboard's record pages (directory, a page per agreement, territory and network, the requests board,
 * the events calendar): every path here answers `pages/index.html`, whose script reads the path.
 */
export const PAGE_ROUTES: readonly RegExp[] = [
  /^\/dashboard\/(directory|requests|events)\/?$/,
  /^\/dashboard\/(agreement|territory|network)\/[^/]+\/?$/,
];
