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
