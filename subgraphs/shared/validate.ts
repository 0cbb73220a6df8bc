import { BadUserInputError, echo } from './errors';
import { isTerritoryId } from './hcp';
import { THEME_CODES } from './world/themes';

/** Argument checks shared by every subgraph: each throws BAD_USER_INPUT naming the field. */

export function checkTheme(code: string | null | undefined, field: string): void {
  if (code != null && !THEME_CODES.has(code)) {
    throw new BadUserInputError(
      `Unknown theme "${echo(code)}": see the \`themes\` query for the codes`,
      field,
    );
  }
}

export function checkSdg(goal: number | null | undefined, field: string): void {
  if (goal != null && (!Number.isInteger(goal) || goal < 1 || goal > 17)) {
    throw new BadUserInputError(`An SDG is a number from 1 to 17, got ${goal}`, field);
  }
}

export function checkTerritoryId(id: string | null | undefined, field: string): void {
  if (id != null && !isTerritoryId(id)) {
    throw new BadUserInputError(
      `"${echo(id)}" is not a territory id: an HCP code such as 03.231.01.0, or a foreign id such as FR-montpellier`,
      field,
    );
  }
}

export function checkCountryCode(code: string | null | undefined, field: string): void {
  if (code != null && !/^[A-Z]{2}$/.test(code)) {
    throw new BadUserInputError(`"${echo(code)}" is not an ISO 3166-1 alpha-2 country code (e.g. FR)`, field);
  }
}

export function checkYear(year: number | null | undefined, field: string): void {
  if (year != null && (!Number.isInteger(year) || year < 1900 || year > 2100)) {
    throw new BadUserInputError(`"${year}" is not a plausible year`, field);
  }
}

/**
 * The URL trimmed, or BAD_USER_INPUT naming `field` unless it is an absolute address of `protocols` (a host
 * with a dot, no space) of at most `max` characters.
 */
export function checkUrl(value: string, field: string, protocols: readonly string[], max: number): string {
  const trimmed = value.trim();
  let url: URL | null = null;
  try {
    url = new URL(trimmed);
  } catch {
    url = null;
  }
  if (!url || !protocols.includes(url.protocol) || !url.hostname.includes('.') || /\s/.test(trimmed)) {
    const wanted = protocols.map((p) => `${p}//`).join(' or ');
    throw new BadUserInputError(`${field} must be an ${wanted} address, got "${echo(value)}"`, field);
  }
  if (trimmed.length > max) throw new BadUserInputError(`${field} must be at most ${max} characters`, field);
  return trimmed;
}
