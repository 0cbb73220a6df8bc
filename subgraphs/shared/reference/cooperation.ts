import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { referenceDir } from './index';

/**
 * The second, sourced batch of real records in `data/reference/cooperation/` (README there): agreements
 * between Moroccan and foreign local authorities, knowledge-sharing events, memberships of networks. Rows are
 * read as they are (strings, empty cells as ''); `shared/world/sourced-*.ts` maps them to the hub's model.
 */

export type AgreementRow = Record<
  | 'id'
  | 'ma_party_name'
  | 'ma_party_level'
  | 'ma_hcp_code'
  | 'foreign_party_name'
  | 'foreign_party_level'
  | 'foreign_country_iso2'
  | 'kind'
  | 'signed_on'
  | 'signed_year'
  | 'status_note'
  | 'themes'
  | 'source_urls'
  | 'source_quote'
  | 'notes',
  string
>;

export type EventRow = Record<
  | 'id'
  | 'title_fr'
  | 'title_en'
  | 'organiser_network'
  | 'host_city'
  | 'host_country_iso2'
  | 'starts_on'
  | 'ends_on'
  | 'themes'
  | 'moroccan_participants'
  | 'source_urls'
  | 'source_quote'
  | 'notes',
  string
>;

export type MembershipRow = Record<
  | 'id'
  | 'member_name'
  | 'member_level'
  | 'ma_hcp_code'
  | 'network'
  | 'since_year'
  | 'role'
  | 'source_urls'
  | 'source_quote'
  | 'notes',
  string
>;

export interface Cooperation {
  /** `twinnings_and_agreements.csv`: TW001–TW125. */
  agreements: AgreementRow[];
  /** `events.csv`: EV001–EV042. */
  events: EventRow[];
  /** `memberships.csv`: MB001–MB035. */
  memberships: MembershipRow[];
}

function readCsv<T>(file: string): T[] {
  const text = fs.readFileSync(path.join(referenceDir(), 'cooperation', file), 'utf8');
  return parse(text, { columns: true, skip_empty_lines: true, trim: true }) as T[];
}

let cached: Cooperation | null = null;

/** The three tables of the batch, parsed once per process. */
export function loadCooperation(): Cooperation {
  if (cached) return cached;
  cached = {
    agreements: readCsv<AgreementRow>('twinnings_and_agreements.csv'),
    events: readCsv<EventRow>('events.csv'),
    memberships: readCsv<MembershipRow>('memberships.csv'),
  };
  return cached;
}

/** `source_urls` of this batch: URLs separated by spaces (the first batch used `;`). */
export function sourceUrlsOf(cell: string | undefined): string[] {
  return (cell ?? '')
    .split(/\s+/)
    .map((url) => url.trim())
    .filter((url) => /^https?:\/\//.test(url));
}
