import { Arg, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import { alreadyRecorded, BadUserInputError, ErrorCode, PasserelleError } from '../shared/errors';
import { checkEvidence, EvidenceColumns, evidenceColumns } from '../shared/evidence';
import { isMoroccanTerritory } from '../shared/hcp';
import type { Texts } from '../shared/i18n';
import type { SubgraphContext } from '../shared/server';
import type { SourceInput } from '../shared/source';
import { checkTerritoryId, checkUrl } from '../shared/validate';
import { expectedVersionArg, idempotencyKeyArg } from '../shared/write-args';
import { diff, lockUntilCommit, optionalText } from '../shared/writes';
import { CreateForeignAuthorityInput, UpdateForeignAuthorityInput } from './foreign-authority.inputs';
import {
  checkForeignCountry,
  checkNames,
  checkSources,
  findDuplicate,
  foreignIdOf,
  LIMITS,
  mayWriteForeignAuthority,
} from './foreign-authority.rules';
import type { Loaders } from './loaders';
import { createReference, updateReference } from './reference-writes';
import { searchText } from './search-text';
import { foreignTerritory } from './seed';
import { TerritorySource } from './territory-history.entity';
import { Territory } from './territory.entity';
import { TerritoryKind } from './territory.enums';

type Context = SubgraphContext<Loaders>;

/**
 * CONFLICT naming the authority a write would duplicate (`extensions.existingId`): nothing is written. On a
 * creation it is that very authority already in the hub (`extensions.duplicate: true`); on a correction the
 * new names collide with another one.
 */
function duplicateAuthority(existing: Territory, countryCode: string, creating: boolean): PasserelleError {
  const message =
    `"${existing.nameFr ?? existing.nameEn}" (${countryCode}) is already in the hub as "${existing.id}": ` +
    'name it by that id, or correct it with updateForeignAuthority';
  if (creating) return alreadyRecorded(message, null, existing.id);
  return new PasserelleError(message, ErrorCode.Conflict, { existingId: existing.id });
}

/**
 * The authorities of `countryCode`, read for the duplicate rule. On PostgreSQL a transaction lock per
 * country first, so that two writers of the same name at once do not both pass (SQLite runs one write
 * transaction at a time already).
 */
async function authoritiesOf(manager: EntityManager, countryCode: string): Promise<Territory[]> {
  await lockUntilCommit(manager, `foreign-authority:${countryCode}`);
  return manager.find(Territory, {
    where: { countryCode },
    select: { id: true, nameFr: true, nameEn: true, nameAr: true, isDemo: true },
  });
}

/** CONFLICT when `names` duplicate a real authority of the country (other than `exceptId`). */
function refuseDuplicate(names: Texts, sameCountry: Territory[], countryCode: string, exceptId?: string) {
  const duplicate = findDuplicate(names, sameCountry, exceptId);
  if (duplicate) throw duplicateAuthority(duplicate, countryCode, exceptId === undefined);
}

/** Replaces the sources of `territoryId` by `sources`, in their order. */
async function writeSources(manager: EntityManager, territoryId: string, sources: readonly SourceInput[]) {
  await manager.delete(TerritorySource, { territoryId });
  await manager.insert(
    TerritorySource,
    sources.map((s, position) =>
      Object.assign(new TerritorySource(), { territoryId, position, url: s.url, title: s.title ?? null }),
    ),
  );
}

/** The checked fields of a creation, in the shape of the rows it writes. */
function checkCreation(input: CreateForeignAuthorityInput) {
  checkForeignCountry(input.countryCode, 'input.countryCode');
  const names = checkNames({ fr: input.nameFr, en: input.nameEn, ar: input.nameAr }, 'input');
  return {
    names,
    localLevel: optionalText(input.localLevel, 'input.localLevel', LIMITS.localLevel),
    website:
      input.website == null ? null : checkUrl(input.website, 'input.website', ['https:'], LIMITS.website),
    sources: checkSources(input.sources, 'input.sources'),
    evidence: checkEvidence(input.evidence, 'input.evidence'),
    reference: optionalText(input.reference, 'input.reference', LIMITS.reference),
  };
}

/** The evidence columns as a plain object, in one key order (the audit compares them as JSON). */
const evidenceOfRow = (e: EvidenceColumns) => ({ quote: e.quote, caveats: e.caveats, note: e.note });

/** The columns a correction may change, as they are: what the audit's `changes` compares. */
function correctable(t: Territory, sources: readonly { url: string; title?: string | null }[]) {
  return {
    level: t.level,
    localLevel: t.localLevel,
    nameFr: t.nameFr,
    nameEn: t.nameEn,
    nameAr: t.nameAr,
    website: t.website,
    reference: t.reference,
    evidence: evidenceOfRow(t.evidenceColumns),
    sources: sources.map((s) => ({ url: s.url, title: s.title ?? null })),
  };
}

/**
 * The correction `input` makes to `t`: every field given replaces the recorded one (null clears an
 * optional one); BAD_USER_INPUT naming the field for a value that may not be.
 */
function corrected(t: Territory, input: UpdateForeignAuthorityInput, sources: readonly SourceInput[]) {
  const given = <K extends keyof UpdateForeignAuthorityInput>(key: K) => input[key] !== undefined;
  if (input.level === null) throw new BadUserInputError('A local authority has a tier', 'input.level');
  const names = checkNames(
    {
      fr: given('nameFr') ? input.nameFr : t.nameFr,
      en: given('nameEn') ? input.nameEn : t.nameEn,
      ar: given('nameAr') ? input.nameAr : t.nameAr,
    },
    'input',
  );
  if (input.sources === null)
    throw new BadUserInputError('A foreign authority keeps its sources', 'input.sources');
  return {
    level: input.level ?? t.level,
    localLevel: given('localLevel')
      ? optionalText(input.localLevel, 'input.localLevel', LIMITS.localLevel)
      : t.localLevel,
    nameFr: names.fr,
    nameEn: names.en,
    nameAr: names.ar,
    website: !given('website')
      ? t.website
      : input.website == null
        ? null
        : checkUrl(input.website, 'input.website', ['https:'], LIMITS.website),
    reference: given('reference')
      ? optionalText(input.reference, 'input.reference', LIMITS.reference)
      : t.reference,
    evidence: evidenceOfRow(
      given('evidence')
        ? evidenceColumns(checkEvidence(input.evidence, 'input.evidence'))
        : t.evidenceColumns,
    ),
    sources: (input.sources ? checkSources(input.sources, 'input.sources') : sources).map((s) => ({
      url: s.url,
      title: s.title ?? null,
    })),
  };
}

/**
 * Foreign local authorities added and corrected by the ministry, administrators and network secretariats
 * (`MAY_WRITE_FOREIGN_AUTHORITIES`), through the write pipeline: validated, role-checked, refused when they
 * duplicate a real authority of the same country, versioned and audited. The bulk import uses the same
 * mutations. Territories are reference data kept in memory: `createReference`/`updateReference` refresh it.
 */
@Resolver(() => Territory)
export class ForeignAuthorityWriteResolver {
  @Mutation(() => Territory, {
    description:
      'Adds a foreign local authority (the ministry, an administrator or a network secretariat), with its ' +
      'sources; its id is `<country>-<slug of its French, else English, name>` (`ES-seville`), with `-2`… ' +
      'when taken. CONFLICT with `extensions.existingId` when a real authority of the same country has one ' +
      'of its names in any language (case, accents and spaces ignored): nothing is written. BAD_USER_INPUT ' +
      'naming the field for `MA` or an unknown country, no French or English name, no source, a website ' +
      'that is not https://.',
  })
  async createForeignAuthority(
    @Arg('input', () => CreateForeignAuthorityInput, { description: 'The authority and its sources.' })
    input: CreateForeignAuthorityInput,
    @Arg('idempotencyKey', () => String, idempotencyKeyArg('foreign authority'))
    idempotencyKey: string | null,
    @Ctx() ctx: Context,
  ): Promise<Territory> {
    let checked!: ReturnType<typeof checkCreation>;
    const id = await createReference(ctx, {
      action: 'createForeignAuthority',
      validate() {
        checked = checkCreation(input);
      },
      permit: (actor) => mayWriteForeignAuthority(actor, 'add a foreign local authority'),
      idempotency: { key: idempotencyKey, input },
      async create(manager) {
        const sameCountry = await authoritiesOf(manager, input.countryCode);
        refuseDuplicate(checked.names, sameCountry, input.countryCode);
        const id = foreignIdOf(input.countryCode, checked.names, new Set(sameCountry.map((t) => t.id)));
        const row = foreignTerritory({
          id,
          countryCode: input.countryCode,
          level: input.level,
          localLevel: checked.localLevel,
          names: checked.names,
          isDemo: false,
          website: checked.website,
          reference: checked.reference,
          evidence: checked.evidence,
        });
        await manager.insert(Territory, row);
        await writeSources(manager, id, checked.sources);
        const changes = diff({}, { ...correctable(row, checked.sources), countryCode: input.countryCode });
        return { id, audits: [{ type: 'Territory', id, changes, version: 1 }] };
      },
    });
    return ctx.db.getRepository(Territory).findOneByOrFail({ id });
  }

  @Mutation(() => Territory, {
    description:
      'Corrects a foreign local authority (the ministry, an administrator or a network secretariat): its ' +
      'tier, local level, names, website, sources, evidence or register reference; its id and country stay. ' +
      'NOT_FOUND for an unknown id; BAD_USER_INPUT naming `id` for a Moroccan territory (the HCP reference is ' +
      'not edited here); CONFLICT for a stale `expectedVersion`, or (with `extensions.existingId`) when the ' +
      'new names are those of another real authority of the country.',
  })
  async updateForeignAuthority(
    @Arg('id', () => ID, { description: 'The foreign authority (`ES-seville`).' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('input', () => UpdateForeignAuthorityInput, { description: 'The fields to correct.' })
    input: UpdateForeignAuthorityInput,
    @Ctx() ctx: Context,
  ): Promise<Territory> {
    await updateReference(ctx, {
      action: 'updateForeignAuthority',
      validate() {
        checkTerritoryId(id, 'id');
        if (isMoroccanTerritory(id)) {
          throw new BadUserInputError(
            `"${id}" is a Moroccan territory: the HCP reference is not edited through the hub`,
            'id',
          );
        }
        if (!Object.values(input).some((value) => value !== undefined))
          throw new BadUserInputError('Give at least one field to correct', 'input');
      },
      permit: (actor) => mayWriteForeignAuthority(actor, 'correct a foreign local authority'),
      target: { entity: Territory, type: 'Territory', id, expectedVersion },
      authorize: (actor) => mayWriteForeignAuthority(actor, 'correct a foreign local authority'),
      async apply(manager, t) {
        if (t.kind !== TerritoryKind.FOREIGN_AUTHORITY || t.isMoroccan) {
          throw new BadUserInputError(`"${id}" is not a foreign local authority`, 'id');
        }
        const sources = await manager.find(TerritorySource, {
          where: { territoryId: id },
          order: { position: 'ASC' },
        });
        const before = correctable(t, sources);
        const next = corrected(t, input, sources);
        const names = { fr: next.nameFr, en: next.nameEn, ar: next.nameAr };
        refuseDuplicate(names, await authoritiesOf(manager, t.countryCode), t.countryCode, id);
        const changes = diff(before, next);
        if (changes.sources) await writeSources(manager, id, next.sources);
        if (Object.keys(changes).length === 0) return null;
        const { level, localLevel, nameFr, nameEn, nameAr, website, reference } = next;
        const columns = { level, localLevel, nameFr, nameEn, nameAr, website, reference };
        const evidence = Object.assign(new EvidenceColumns(), next.evidence);
        return { set: { ...columns, evidenceColumns: evidence, search: searchText(names) }, changes };
      },
    });
    return ctx.db.getRepository(Territory).findOneByOrFail({ id });
  }
}
