import { checkCountryCode, checkSdg, checkTheme } from '../shared/validate';
import { PartnershipStatus } from './enums';

export {
  audit,
  checkExistingTerritory,
  checkOrder,
  checkText,
  checkVersion,
  diff,
  loadForWrite,
  newId,
  once,
  today,
  updateVersioned,
} from '../shared/writes';

/** The legal path after signature and the abandonment of a draft: which status may follow which. */
export const ALLOWED_TRANSITIONS: Readonly<Partial<Record<PartnershipStatus, readonly PartnershipStatus[]>>> =
  {
    [PartnershipStatus.DRAFT]: [PartnershipStatus.NEGOTIATION, PartnershipStatus.TERMINATED],
    [PartnershipStatus.NEGOTIATION]: [PartnershipStatus.DRAFT, PartnershipStatus.TERMINATED],
    [PartnershipStatus.SIGNED]: [
      PartnershipStatus.ACTIVE,
      PartnershipStatus.EXPIRED,
      PartnershipStatus.TERMINATED,
    ],
    [PartnershipStatus.ACTIVE]: [
      PartnershipStatus.DORMANT,
      PartnershipStatus.EXPIRED,
      PartnershipStatus.TERMINATED,
    ],
    [PartnershipStatus.DORMANT]: [
      PartnershipStatus.ACTIVE,
      PartnershipStatus.EXPIRED,
      PartnershipStatus.TERMINATED,
    ],
  };

export function checkFacets(
  values: { themes?: string[] | null; sdgs?: number[] | null; countriesSought?: string[] | null },
  prefix: string,
): void {
  values.themes?.forEach((theme, i) => checkTheme(theme, `${prefix}.themes[${i}]`));
  values.sdgs?.forEach((sdg, i) => checkSdg(sdg, `${prefix}.sdgs[${i}]`));
  values.countriesSought?.forEach((code, i) => checkCountryCode(code, `${prefix}.countriesSought[${i}]`));
}
