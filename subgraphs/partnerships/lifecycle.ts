import type { EntityManager } from 'typeorm';
import type { DatedFact, EarlierFact } from '../shared/dates';
import { BadUserInputError } from '../shared/errors';
import { noEvidence } from '../shared/evidence';
import { countryOfTerritory, isMoroccanTerritory, isTerritoryId } from '../shared/hcp';
import { actsForTerritory, Role, type Viewer } from '../shared/identity';
import { loadReference } from '../shared/reference';
import type { Reference } from '../shared/references';
import { checkCountryCode, checkSdg, checkTheme } from '../shared/validate';
import { newId, today } from '../shared/writes';
import { lastActionOnOf } from './correction.rules';
import { ActionState, ProposalStatus, PartnershipKind, PartnershipStatus, PartyRole } from './enums';
import {
  LegalStepRow,
  Partnership,
  PartnershipActionRow,
  PartnershipFacetRow,
  PartnershipPartyRow,
  type FacetKind,
} from './partnership.entity';
import { ProposalRow, RequestFacetRow } from './request.entity';
import { expectedVersionArg, idempotencyKeyArg as idempotencyKeyArgOf } from '../shared/write-args';

/**
 * What the write resolvers of the lifecycle share (`request-write`, `partnership-write`, `legal-step`):
 * input checks that need no database, the references a write names, and the rows of an agreement as a
 * write reads and appends them. The legal path itself is `legal-path.ts`; the write skeleton is
 * `shared/pipeline.ts`.
 */

export { lastActionOnOf };

/** Officers of a party, or an administrator. */
export function actsForAny(viewer: Viewer, territoryIds: readonly string[]): boolean {
  return viewer.role === Role.ADMIN || territoryIds.some((id) => actsForTerritory(viewer, id));
}

export function checkFacets(
  values: { themes?: string[] | null; sdgs?: number[] | null },
  prefix: string,
): void {
  values.themes?.forEach((theme, i) => checkTheme(theme, `${prefix}.themes[${i}]`));
  values.sdgs?.forEach((sdg, i) => checkSdg(sdg, `${prefix}.sdgs[${i}]`));
}

/**
 * The countries a request seeks a partner in: ISO codes, never Morocco (a request looks for an
 * international partner); the rest are checked with the territories subgraph, which knows `XX` and `EH`
 * are no country it lists.
 */
export function countryReferences(codes: readonly string[] | null | undefined, prefix: string): Reference[] {
  return (codes ?? []).map((code, i) => {
    const field = `${prefix}.countriesSought[${i}]`;
    checkCountryCode(code, field);
    if (code === 'MA') {
      throw new BadUserInputError(
        'A request seeks a partner abroad: Morocco (MA) cannot be a country sought',
        field,
      );
    }
    return { type: 'Country', id: code, field };
  });
}

/** A territory the input names, to check with the territories subgraph (shape checked here). */
export function territoryReference(id: string, field: string): Reference {
  if (!isTerritoryId(id)) {
    throw new BadUserInputError(
      `"${id}" is not a territory id: an HCP code such as 03.231.01.0, or a foreign id such as FR-montpellier`,
      field,
    );
  }
  return { type: 'Territory', id, field };
}

/** The role a territory plays by default: MOROCCAN_PARTY for a Moroccan one (former regions included). */
export const defaultRole = (territoryId: string) =>
  isMoroccanTerritory(territoryId) ? PartyRole.MOROCCAN_PARTY : PartyRole.FOREIGN_PARTY;

/**
 * The parties of a new agreement: each once, MOROCCAN_PARTY iff Moroccan (a former Moroccan region such as
 * `MA-souss-massa-draa` is Moroccan), a Moroccan party and another; returns their references.
 */
export function checkParties(parties: readonly { territoryId: string; role: PartyRole }[]): Reference[] {
  const seen = new Set<string>();
  const references = parties.map((party, i) => {
    const field = `input.parties[${i}].territoryId`;
    const reference = territoryReference(party.territoryId, field);
    if (seen.has(party.territoryId))
      throw new BadUserInputError(`${party.territoryId} is listed twice`, field);
    seen.add(party.territoryId);
    if (
      party.role !== PartyRole.ASSOCIATED_PARTY &&
      (party.role === PartyRole.MOROCCAN_PARTY) !== isMoroccanTerritory(party.territoryId)
    ) {
      throw new BadUserInputError(
        `${party.territoryId} cannot be a ${party.role}: Moroccan parties are Moroccan territories (HCP codes, ` +
          'or former regions MA-…), foreign parties foreign ones',
        `input.parties[${i}].role`,
      );
    }
    return reference;
  });
  if (!parties.some((p) => p.role === PartyRole.MOROCCAN_PARTY) || parties.length < 2) {
    throw new BadUserInputError(
      'An agreement needs a Moroccan party and at least one other party',
      'input.parties',
    );
  }
  return references;
}

let targetCodes: Set<string> | undefined;

/** BAD_USER_INPUT unless `code` is an SDG target of the reference data (`6.3`, `11.a`). */
export function checkSdgTarget(code: string, field: string): void {
  targetCodes ??= new Set(loadReference().sdgTargets.map((target) => target.code));
  if (!targetCodes.has(code)) {
    throw new BadUserInputError(
      `Unknown SDG target "${code}": see the \`sdgs\` query for the targets`,
      field,
    );
  }
}

export function facetRows<T extends PartnershipFacetRow | RequestFacetRow>(
  entity: new () => T,
  ownerId: string,
  kind: FacetKind,
  values: readonly (string | number)[],
): T[] {
  return [...new Set(values.map(String))].map((value, position) =>
    Object.assign(new entity(), { ownerId, kind, value, position }),
  );
}

/** Replaces the facet values of one kind; returns the values before. */
export async function replaceFacets(
  manager: EntityManager,
  entity: typeof PartnershipFacetRow | typeof RequestFacetRow,
  ownerId: string,
  kind: FacetKind,
  values: readonly (string | number)[],
): Promise<string[]> {
  const before = await facetValues(manager, entity, ownerId, kind);
  await manager.delete(entity, { ownerId, kind });
  const rows = facetRows(entity, ownerId, kind, values);
  if (rows.length) await manager.insert(entity, rows);
  return before;
}

export async function facetValues(
  manager: EntityManager,
  entity: typeof PartnershipFacetRow | typeof RequestFacetRow,
  ownerId: string,
  kind: FacetKind,
): Promise<string[]> {
  const rows = await manager.find(entity, { where: { ownerId, kind }, order: { position: 'ASC' } });
  return rows.map((row) => row.value);
}

export async function partiesOf(
  manager: EntityManager,
  partnershipId: string,
): Promise<PartnershipPartyRow[]> {
  return manager.find(PartnershipPartyRow, { where: { partnershipId }, order: { position: 'ASC' } });
}

export async function partyIdsOf(manager: EntityManager, partnershipId: string): Promise<string[]> {
  return (await partiesOf(manager, partnershipId)).map((row) => row.territoryId);
}

/** The standing (not voided) steps of an agreement, in order. */
export async function standingSteps(manager: EntityManager, partnershipId: string): Promise<LegalStepRow[]> {
  const rows = await manager.find(LegalStepRow, { where: { partnershipId }, order: { position: 'ASC' } });
  return rows.filter((row) => row.voidedOn == null);
}

/** The agreement's standing steps as the earlier facts a new dated step may not precede. */
export async function earlierSteps(manager: EntityManager, partnershipId: string): Promise<EarlierFact[]> {
  return (await standingSteps(manager, partnershipId)).map((step) => ({
    date: step.date,
    what: `the agreement's step ${step.status}`,
  }));
}

export async function appendStep(
  manager: EntityManager,
  partnershipId: string,
  status: PartnershipStatus,
  date: string | null,
  reference: string | null,
  note: string | null,
): Promise<void> {
  const last = await manager.findOne(LegalStepRow, { where: { partnershipId }, order: { position: 'DESC' } });
  await manager.insert(LegalStepRow, {
    partnershipId,
    position: (last?.position ?? -1) + 1,
    status,
    date,
    reference,
    note,
  });
}

/** `lastActionOn` of an agreement from its standing actions: only started or completed ones up to today. */
export async function lastActionOnIn(manager: EntityManager, partnershipId: string): Promise<string | null> {
  const actions = await manager.find(PartnershipActionRow, { where: { partnershipId } });
  return lastActionOnOf(actions.filter((row) => row.voidedOn == null));
}

/** Declines the request's proposals still SUBMITTED; returns their ids. */
export async function declineSubmitted(manager: EntityManager, requestId: string): Promise<string[]> {
  const open = await manager.find(ProposalRow, {
    where: { requestId, status: ProposalStatus.SUBMITTED },
    order: { position: 'ASC' },
  });
  if (open.length) {
    await manager.update(
      ProposalRow,
      { requestId, status: ProposalStatus.SUBMITTED },
      { status: ProposalStatus.DECLINED },
    );
  }
  return open.map((row) => row.id);
}

export interface NewPartnership {
  kind: PartnershipKind;
  title: string;
  summary: string | null;
  status: PartnershipStatus.DRAFT | PartnershipStatus.NEGOTIATION;
  startsOn?: string | null;
  endsOn?: string | null;
  renewsId?: string | null;
  amendsId?: string | null;
  parties: readonly { territoryId: string; role: PartyRole }[];
  themes: readonly string[];
  sdgs: readonly (string | number)[];
  /** The note of its first step. */
  note?: string | null;
}

/** Inserts a new agreement with its parties, facets and first step (dated today); returns its id. */
export async function insertPartnership(manager: EntityManager, values: NewPartnership): Promise<string> {
  const id = await insertAgreement(manager, {
    columns: {
      kind: values.kind,
      titleFr: values.title,
      summary: values.summary,
      status: values.status,
      startsOn: values.startsOn ?? null,
      endsOn: values.endsOn ?? null,
      renewsId: values.renewsId ?? null,
      amendsId: values.amendsId ?? null,
    },
    parties: values.parties,
    themes: values.themes,
    sdgs: values.sdgs,
  });
  await appendStep(manager, id, values.status, today(), null, values.note ?? null);
  return id;
}

/** What `insertAgreement` writes: the columns that differ from a new real agreement's, parties, facets. */
export interface AgreementRows {
  columns: Partial<Partnership> & Pick<Partnership, 'kind' | 'titleFr' | 'status'>;
  parties: readonly { territoryId: string; role: PartyRole }[];
  themes: readonly string[];
  sdgs: readonly (string | number)[];
}

/** Inserts a real agreement (a new id, version 1) with its parties and facets, no step; returns its id. */
export async function insertAgreement(manager: EntityManager, values: AgreementRows): Promise<string> {
  const id = newId('p');
  await manager.insert(
    Partnership,
    Object.assign(new Partnership(), {
      id,
      reference: null,
      titleAr: null,
      titleEn: null,
      summary: null,
      signedOn: null,
      pendingRatification: false,
      year: null,
      startsOn: null,
      endsOn: null,
      renewsId: null,
      amendsId: null,
      lastActionOn: null,
      isDemo: false,
      evidenceColumns: noEvidence(),
      version: 1,
      ...values.columns,
    }),
  );
  await manager.insert(
    PartnershipPartyRow,
    values.parties.map((party, position) => ({
      partnershipId: id,
      territoryId: party.territoryId,
      role: party.role,
      countryCode: countryOfTerritory(party.territoryId) ?? '??',
      position,
    })),
  );
  const facets = [
    ...facetRows(PartnershipFacetRow, id, 'theme', values.themes),
    ...facetRows(PartnershipFacetRow, id, 'sdg', values.sdgs),
  ];
  if (facets.length) await manager.insert(PartnershipFacetRow, facets);
  return id;
}

/** The `idempotencyKey` argument of every creation of this subgraph. */
export const idempotencyKeyArg = idempotencyKeyArgOf('object');
export { expectedVersionArg };

export { today };

/** The dates of an action: started on or after the signature (a plan may be later than today), completed by today. */
export function actionDates(
  p: Pick<Partnership, 'signedOn' | 'year'>,
  next: { state: ActionState; startedOn?: string | null; completedOn?: string | null },
  prefix: string,
): DatedFact[] {
  // Signed on a known day, or in a known year only (documented agreements): then from 1 January.
  const signature = { date: p.signedOn ?? (p.year ? `${p.year}-01-01` : null), what: 'the signature' };
  return [
    {
      field: `${prefix}.startedOn`,
      date: next.startedOn,
      notBefore: [signature],
      mayBeFuture: next.state === ActionState.PLANNED,
    },
    {
      field: `${prefix}.completedOn`,
      date: next.completedOn,
      notBefore: [signature, { date: next.startedOn, what: 'the start of the action' }],
    },
  ];
}

export function checkCompletion(
  state: ActionState,
  completedOn: string | null | undefined,
  field: string,
): void {
  if (state === ActionState.COMPLETED && !completedOn)
    throw new BadUserInputError('A COMPLETED action needs its completedOn date', field);
  if (completedOn && state !== ActionState.COMPLETED)
    throw new BadUserInputError('Only a COMPLETED action has a completedOn date', field);
}
