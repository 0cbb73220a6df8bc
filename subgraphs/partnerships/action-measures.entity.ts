import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Modality } from './enums';

/** What kind of local actor an action mobilised. */
export enum LocalActorKind {
  ASSOCIATION = 'ASSOCIATION',
  UNIVERSITY = 'UNIVERSITY',
  COMPANY = 'COMPANY',
  PUBLIC_AGENCY = 'PUBLIC_AGENCY',
  OTHER = 'OTHER',
}

/** A document an action produced, with where to read it. */
export interface ActionDocument {
  title: string;
  url: string;
}

/** A local actor an action mobilised, and the party whose territory it belongs to. */
export interface LocalActor {
  name: string;
  kind: LocalActorKind;
  territoryId: string;
}

/**
 * What an action is and produced, as the field measures it ("first in terms of know-how exchange,
 * institutional support and training"): one row per measured action. A count left null is unknown, which
 * is not zero. The documents and local actors are JSON lists: read with the row, counted, never filtered on.
 */
@Entity('action_measure')
export class ActionMeasureRow {
  @PrimaryColumn({ name: 'action_id', type: 'varchar', length: 80 })
  actionId: string;

  @Column({ name: 'partnership_id', type: 'varchar', length: 64 })
  partnershipId: string;

  @Column({ type: 'varchar', length: 24, nullable: true })
  modality: Modality | null;

  @Column({ type: 'integer', nullable: true })
  missions: number | null;

  @Column({ name: 'expert_days', type: 'integer', nullable: true })
  expertDays: number | null;

  @Column({ name: 'trained_women', type: 'integer', nullable: true })
  trainedWomen: number | null;

  @Column({ name: 'trained_men', type: 'integer', nullable: true })
  trainedMen: number | null;

  @Column({ name: 'institutions_supported', type: 'integer', nullable: true })
  institutionsSupported: number | null;

  /** JSON `[{ title, url }]`. */
  @Column({ type: 'text' })
  documents: string;

  /** JSON `[{ name, kind, territoryId }]`. */
  @Column({ name: 'local_actors', type: 'text' })
  localActors: string;
}
