import path from 'node:path';

/**
 * Third-party browser files the dashboard uses, served from `node_modules` by the gateway (never a CDN):
 * `/dashboard/vendor/<name>` → the package file. `module` is what `require.resolve` finds: a package path,
 * or an absolute one for the d3 packages, whose `exports` hide their UMD builds from `require.resolve`.
 *
 * - d3-array, d3-geo (ISC): the UMD builds, which set `window.d3` (d3-geo needs d3-array before it);
 * - topojson-client (ISC): the UMD build, `window.topojson`;
 * - morocco-map (ODbL-1.0, © OpenStreetMap contributors): the 12 regions as TopoJSON, ids `MA-01`…`MA-12`;
 * - world-atlas (ISC, Natural Earth, public domain): the countries at 1:110m, ids ISO 3166-1 numeric;
 * - i18n-iso-countries (MIT): its table of ISO 3166-1 codes `[alpha-2, alpha-3, numeric, …]` and the
 *   country names in French, Arabic and English (the world map's countries without agreements).
 */

/** The UMD build of a d3 package: `dist/<name>.min.js` beside the file its `exports` resolve to. */
function d3Umd(name: string): string {
  try {
    return path.join(path.dirname(require.resolve(name)), `${name}.min.js`);
  } catch {
    return name; // not installed: serve.ts's own require.resolve says so
  }
}

const JS = 'text/javascript; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

export const VENDOR_FILES: Readonly<Record<string, { module: string; type: string }>> = {
  'd3-array.min.js': { module: d3Umd('d3-array'), type: JS },
  'd3-geo.min.js': { module: d3Umd('d3-geo'), type: JS },
  'topojson-client.min.js': { module: 'topojson-client/dist/topojson-client.min.js', type: JS },
  'morocco-regions.json': { module: 'morocco-map/data/regions.json', type: JSON_TYPE },
  'countries-110m.json': { module: 'world-atlas/countries-110m.json', type: JSON_TYPE },
  'iso-3166-codes.json': { module: 'i18n-iso-countries/codes.json', type: JSON_TYPE },
  'iso-3166-names-fr.json': { module: 'i18n-iso-countries/langs/fr.json', type: JSON_TYPE },
  'iso-3166-names-ar.json': { module: 'i18n-iso-countries/langs/ar.json', type: JSON_TYPE },
  'iso-3166-names-en.json': { module: 'i18n-iso-countries/langs/en.json', type: JSON_TYPE },
};
