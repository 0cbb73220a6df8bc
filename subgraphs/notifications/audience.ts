import { Role, type Viewer } from '../shared/identity';

/**
 * Who a notification is addressed to: an audience, not a person. `ministry` (the DGCT; administrators read
 * it too), `territory:<id>` (the officers of a territory, Moroccan or foreign), `network:<id>` (a network's
 * secretariat). A person reads the notifications of every audience their token puts them in; what they have
 * read, and their preferences, are kept by their token's subject.
 */
export type Audience = string;

export const MINISTRY_AUDIENCE: Audience = 'ministry';
export const territoryAudience = (id: string): Audience => `territory:${id}`;
export const networkAudience = (id: string): Audience => `network:${id}`;

/** The audiences a viewer belongs to (none for the public reader). */
export function audiencesOf(viewer: Viewer): Audience[] {
  switch (viewer.role) {
    case Role.MINISTRY:
    case Role.ADMIN:
      return [MINISTRY_AUDIENCE];
    case Role.TERRITORY_OFFICER:
      return viewer.territories.map(territoryAudience);
    case Role.NETWORK_SECRETARIAT:
      return viewer.networks.map(networkAudience);
    default:
      return [];
  }
}

/**
 * The audiences a viewer acts for, which are not told of their own action: the ministry for the ministry,
 * their territories for an officer, their networks for a secretariat. An administrator acts for none (it
 * reads the ministry's inbox, but an approval awaited after its write is still the ministry's to give).
 */
export function actingAudiences(viewer: Viewer): Audience[] {
  return viewer.role === Role.ADMIN ? [] : audiencesOf(viewer);
}
