import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import { auditEntries, AuditEntry } from '../shared/audit.types';
import { today, type DatedFact } from '../shared/dates';
import { alreadyRecorded, BadUserInputError } from '../shared/errors';
import { ensure, isSupervisor, type Viewer } from '../shared/identity';
import { create, permission, update, type Permission } from '../shared/pipeline';
import type { SubgraphContext } from '../shared/server';
import {
  AuditEntryRow,
  checkExistingTerritory,
  checkText,
  diff,
  lockUntilCommit,
  newId,
} from '../shared/writes';
import { EventEntity, EventFacetKind, EventStatus } from './event.entity';
import { facetsOf as eventFacetsOf, networkIdsOf, valuesOf as eventFacetValues } from './event-state';
import { ExperienceEntity, ExperienceFacet, ExperienceFacetKind } from './experience.entity';
import {
  CreateExperienceInput,
  ExperienceDocumentInput,
  UpdateExperienceInput,
} from './experience-write.inputs';
import type { Loaders } from './loaders';
import { checkReference } from './event-recording';
import { indexText, searchTextOf } from './search';
import { canSeeEvent, mayWriteExperience } from './visibility';
import { checkFacetValues, checkHttpUrl, checkListSize, checkReason, distinct } from './write-checks';
import { expectedVersionArg, idempotencyKeyArg } from '../shared/write-args';
import { checkSources } from '../shared/source';

export {
  CreateExperienceInput,
  ExperienceDocumentInput,
  UpdateExperienceInput,
} from './experience-write.inputs';

type Context = SubgraphContext<Loaders>;

function checkDocuments(documents: ExperienceDocumentInput[], field: string) {
  checkListSize(documents, field);
  return documents.map((document, i) => ({
    title: checkText(document.title, `${field}[${i}].title`, 300),
    url: checkHttpUrl(document.url, `${field}[${i}].url`),
  }));
}

/**
 * The event an experience is linked to, or BAD_USER_INPUT on `field` unless it exists (not voided),
 * `actor` sees it, and `territoryId` organised it or took part in it; when the experience is (or becomes)
 * public, the event must be public too, so a published experience never points at a draft. The event is
 * this subgraph's own: checked in the write's transaction, not over HTTP.
 */
async function checkEventLink(
  manager: EntityManager,
  actor: Viewer,
  eventId: string,
  territoryId: string,
  published: boolean,
  field: string,
): Promise<EventEntity> {
  const event = await manager.findOneBy(EventEntity, { id: eventId });
  const facets = event ? await eventFacetsOf(manager, eventId) : [];
  const organisers = eventFacetValues(facets, EventFacetKind.Organiser);
  const networks = event ? { networkId: event.networkId, networkIds: networkIdsOf(event, facets) } : null;
  if (!event || event.voidedOn !== null || !canSeeEvent(actor, { ...event, ...networks }, organisers)) {
    throw new BadUserInputError(`No event "${eventId}" that you can see`, field);
  }
  const participants = eventFacetValues(facets, EventFacetKind.Participant);
  if (!organisers.includes(territoryId) && !participants.includes(territoryId)) {
    throw new BadUserInputError(
      `${territoryId} neither organised nor took part in the event "${eventId}"`,
      field,
    );
  }
  if (published && event.status === EventStatus.DRAFT) {
    throw new BadUserInputError(
      `The event "${eventId}" is a DRAFT: a published experience may only point at a published event`,
      field,
    );
  }
  return event;
}

/** An experience is not published before the event it was presented at began (the one date rule). */
const publishedAfterEvent = (field: string, publishedOn: string, event: EventEntity): DatedFact => ({
  field,
  date: publishedOn,
  notBefore: [{ date: event.startsOn, what: `the first day of the event "${event.id}" it was presented at` }],
});

async function facetsOf(manager: EntityManager, experienceId: string) {
  const rows = await manager.find(ExperienceFacet, {
    where: { experienceId },
    order: { position: 'ASC' },
  });
  const of = (kind: ExperienceFacetKind) => rows.filter((row) => row.kind === kind).map((row) => row.value);
  return { themes: of(ExperienceFacetKind.Theme), sdgs: of(ExperienceFacetKind.Sdg).map(Number) };
}

function facetRows(experienceId: string, kind: ExperienceFacetKind, values: (string | number)[]) {
  return distinct(values.map(String)).map((value, position) =>
    Object.assign(new ExperienceFacet(), { experienceId, kind, value, position }),
  );
}

async function replaceFacets(
  manager: EntityManager,
  experienceId: string,
  kind: ExperienceFacetKind,
  values: (string | number)[],
): Promise<void> {
  await manager.delete(ExperienceFacet, { experienceId, kind });
  const rows = facetRows(experienceId, kind, values);
  if (rows.length) await manager.insert(ExperienceFacet, rows);
}

/**
 * CONFLICT, naming it in `extensions.existingId` (with `duplicate: true`), when a standing experience already
 * carries `reference`, or the territory already shares a standing experience of the same title (compared
 * folded: case, accents and punctuation aside): an import run twice creates nothing new, and a territory does
 * not share one experience twice. Two creations of one reference, or of one title in one territory, at once:
 * the second waits for the first's transaction (locks taken reference first, then title), then finds it.
 */
async function checkNotShared(
  manager: EntityManager,
  territoryId: string,
  title: string,
  reference: string | null,
): Promise<void> {
  if (reference !== null) {
    await lockUntilCommit(manager, `experience-ref:${reference}`);
    const existing = await manager
      .createQueryBuilder(ExperienceEntity, 'x')
      .select('x.id', 'id')
      .where('x.reference = :reference AND x.voided_on IS NULL', { reference })
      .getRawOne<{ id: string }>();
    if (existing) {
      throw alreadyRecorded(
        `The experience "${existing.id}" already has the reference ${reference}: it is recorded already`,
        'input.reference',
        existing.id,
      );
    }
  }
  const key = indexText(title);
  await lockUntilCommit(manager, `experience-title:${territoryId}:${key}`);
  const standing = await manager
    .createQueryBuilder(ExperienceEntity, 'x')
    .select(['x.id', 'x.title'])
    .where('x.territory_id = :territoryId AND x.voided_on IS NULL', { territoryId })
    .getMany();
  const same = standing.find((x) => indexText(x.title) === key);
  if (same) {
    throw alreadyRecorded(
      `${territoryId} already shares an experience titled "${same.title}" ("${same.id}")`,
      'input.title',
      same.id,
    );
  }
}

const FORBIDDEN_WRITE = "Only an officer of the experience's territory or an administrator may";

const mayWrite = (actor: Viewer, x: ExperienceEntity, what: string): Permission =>
  permission(mayWriteExperience(actor, x), `${FORBIDDEN_WRITE} ${what}`);

/** BAD_USER_INPUT on `id` when the experience was voided: a voided record takes no more writes. */
function checkStanding(x: ExperienceEntity): void {
  if (x.voidedOn !== null) {
    throw new BadUserInputError(
      `The experience "${x.id}" was voided on ${x.voidedOn} (recorded in error): it takes no more writes`,
      'id',
    );
  }
}

/** The texts of an experience input, checked. */
function checkTexts(input: { title: string; summary: string; lessonsLearned: string }) {
  return {
    title: checkText(input.title, 'input.title', 300),
    summary: checkText(input.summary, 'input.summary', 5000),
    lessons: checkText(input.lessonsLearned, 'input.lessonsLearned'),
  };
}

/** What an update makes of an experience, every input check made; `before` is what it was. */
async function mergeUpdate(manager: EntityManager, x: ExperienceEntity, input: UpdateExperienceInput) {
  const facets = await facetsOf(manager, x.id);
  const before = {
    title: x.title,
    summary: x.summary,
    lessonsLearned: x.lessons,
    language: x.language,
    eventId: x.eventId,
    themes: facets.themes,
    sdgs: facets.sdgs,
    documents: x.documents,
  };
  const after = {
    title: input.title != null ? checkText(input.title, 'input.title', 300) : before.title,
    summary: input.summary != null ? checkText(input.summary, 'input.summary', 5000) : before.summary,
    lessonsLearned:
      input.lessonsLearned != null
        ? checkText(input.lessonsLearned, 'input.lessonsLearned')
        : before.lessonsLearned,
    language: input.language ?? before.language,
    eventId: input.eventId !== undefined ? input.eventId : before.eventId,
    themes: input.themes ? distinct(input.themes) : before.themes,
    sdgs: input.sdgs ? distinct(input.sdgs) : before.sdgs,
    documents: input.documents ? checkDocuments(input.documents, 'input.documents') : before.documents,
  };
  return { before, after };
}

/**
 * Experiences written and published by the territory that shares them. Every mutation is a declaration
 * run by the shared write pipeline (`shared/pipeline.ts`): input checks, who may, the territory checked
 * with its owner, then in one transaction NOT_FOUND, FORBIDDEN, CONFLICT, the experience's state and dates
 * (at the start of `dates`, the step after the version check), the change, the version and the audit entry.
 */
@Resolver(() => ExperienceEntity)
export class ExperienceWriteResolver {
  @Mutation(() => ExperienceEntity, {
    description:
      'Writes an experience, unpublished (seen only by officers of its territory, the ministry and ' +
      'administrators); by an officer of the territory that shares it (a territory the hub knows), or an ' +
      'administrator. A territory shares one experience per title, and a `reference` is borne by one experience: ' +
      'another with the same title (case, accents and punctuation aside) or reference is refused with CONFLICT ' +
      'and `extensions.existingId`, so an import run twice creates nothing new.',
  })
  async createExperience(
    @Arg('input', () => CreateExperienceInput, { description: 'The experience.' })
    input: CreateExperienceInput,
    @Arg('idempotencyKey', () => String, idempotencyKeyArg('experience'))
    idempotencyKey: string | null,
    @Ctx() ctx: Context,
  ): Promise<ExperienceEntity> {
    let texts!: ReturnType<typeof checkTexts>;
    let documents!: ReturnType<typeof checkDocuments>;
    let sources!: ReturnType<typeof checkSources>;
    let reference!: string | null;
    const id = await create(ctx, {
      action: 'createExperience',
      validate: () => {
        checkExistingTerritory(input.territoryId, 'input.territoryId');
        texts = checkTexts(input);
        checkFacetValues(input, 'input');
        documents = checkDocuments(input.documents, 'input.documents');
        sources = checkSources(input.sources ?? [], 'input.sources');
        reference = checkReference(input.reference, 'input.reference');
      },
      permit: (actor) =>
        permission(
          mayWriteExperience(actor, { territoryId: input.territoryId }),
          `${FORBIDDEN_WRITE} write an experience of ${input.territoryId}`,
        ),
      references: [{ type: 'Territory', id: input.territoryId, field: 'input.territoryId' }],
      idempotency: { key: idempotencyKey, input },
      create: async (manager, actor) => {
        if (input.eventId != null) {
          await checkEventLink(manager, actor, input.eventId, input.territoryId, false, 'input.eventId');
        }
        await checkNotShared(manager, input.territoryId, texts.title, reference);
        const id = newId('x');
        await manager.insert(
          ExperienceEntity,
          Object.assign(new ExperienceEntity(), {
            id,
            ...texts,
            language: input.language,
            territoryId: input.territoryId,
            eventId: input.eventId ?? null,
            documents,
            publishedOn: null,
            searchText: searchTextOf(texts),
            version: 1,
            isDemo: false,
            reference,
            sources,
          }),
        );
        const facets = [
          ...facetRows(id, ExperienceFacetKind.Theme, input.themes),
          ...facetRows(id, ExperienceFacetKind.Sdg, input.sdgs),
        ];
        if (facets.length) await manager.insert(ExperienceFacet, facets);
        const state = {
          territoryId: input.territoryId,
          title: texts.title,
          summary: texts.summary,
          lessonsLearned: texts.lessons,
          language: input.language,
          eventId: input.eventId ?? null,
          themes: distinct(input.themes),
          sdgs: distinct(input.sdgs),
          documents,
          ...(reference !== null ? { reference } : {}),
          ...(sources.length ? { sources } : {}),
        };
        return { id, audits: [{ type: 'Experience', id, changes: diff({}, state), version: 1 }] };
      },
    });
    return ctx.db.getRepository(ExperienceEntity).findOneByOrFail({ id });
  }

  @Mutation(() => ExperienceEntity, {
    description:
      'Edits an experience; by an officer of its territory, or an administrator. A published experience ' +
      'may only be linked to an event that began on or before its publication.',
  })
  async updateExperience(
    @Arg('id', () => ID, { description: 'The experience.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('input', () => UpdateExperienceInput, { description: 'What to change.' })
    input: UpdateExperienceInput,
    @Ctx() ctx: Context,
  ): Promise<ExperienceEntity> {
    let merged!: Awaited<ReturnType<typeof mergeUpdate>>;
    await update(ctx, {
      action: 'updateExperience',
      validate: () => checkFacetValues(input, 'input'),
      target: { entity: ExperienceEntity, type: 'Experience', id, expectedVersion },
      authorize: (actor, x) => mayWrite(actor, x, 'edit it'),
      dates: async (x, manager) => {
        checkStanding(x);
        merged = await mergeUpdate(manager, x, input);
        const { before, after } = merged;
        if (after.eventId === null || after.eventId === before.eventId) return [];
        const published = x.publishedOn !== null;
        const event = await checkEventLink(
          manager,
          ctx.viewer,
          after.eventId,
          x.territoryId,
          published,
          'input.eventId',
        );
        return published ? [publishedAfterEvent('input.eventId', x.publishedOn!, event)] : [];
      },
      apply: async (manager) => {
        const { before, after } = merged;
        const texts = { title: after.title, summary: after.summary, lessons: after.lessonsLearned };
        if (input.themes) await replaceFacets(manager, id, ExperienceFacetKind.Theme, after.themes);
        if (input.sdgs) await replaceFacets(manager, id, ExperienceFacetKind.Sdg, after.sdgs);
        return {
          set: {
            ...texts,
            language: after.language,
            eventId: after.eventId,
            documents: after.documents,
            searchText: searchTextOf(texts),
          },
          changes: diff(before, after),
        };
      },
    });
    return ctx.db.getRepository(ExperienceEntity).findOneByOrFail({ id });
  }

  @Mutation(() => ExperienceEntity, {
    description:
      'Publishes an experience: everyone sees it from then on. By an officer of its territory, or an ' +
      'administrator. An experience presented at an event is published once the event is, and not before ' +
      'the first day of that event.',
  })
  async publishExperience(
    @Arg('id', () => ID, { description: 'The experience.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('date', () => LocalDateResolver, {
      nullable: true,
      description:
        'The date of publication (absent: today): not in the future, not before the first day of its event.',
    })
    date: string | null,
    @Ctx() ctx: Context,
  ): Promise<ExperienceEntity> {
    const publishedOn = date ?? today();
    await update(ctx, {
      action: 'publishExperience',
      target: { entity: ExperienceEntity, type: 'Experience', id, expectedVersion },
      authorize: (actor, x) => mayWrite(actor, x, 'publish it'),
      dates: async (x, manager) => {
        checkStanding(x);
        if (x.publishedOn !== null) {
          throw new BadUserInputError(`The experience was already published on ${x.publishedOn}`, 'id');
        }
        const event = x.eventId !== null ? await manager.findOneBy(EventEntity, { id: x.eventId }) : null;
        if (event?.status === EventStatus.DRAFT) {
          throw new BadUserInputError(
            `Its event "${x.eventId}" is still a DRAFT: publish the event first, or remove the link`,
            'id',
          );
        }
        const fact: DatedFact = { field: 'date', date: publishedOn };
        return [event && event.voidedOn === null ? publishedAfterEvent('date', publishedOn, event) : fact];
      },
      apply: async () => ({ set: { publishedOn }, changes: diff({ publishedOn: null }, { publishedOn }) }),
    });
    return ctx.db.getRepository(ExperienceEntity).findOneByOrFail({ id });
  }

  @Mutation(() => ExperienceEntity, {
    description:
      'Withdraws a published experience (an error to correct, a document that should not be public): from ' +
      'then on only officers of its territory, the ministry and administrators see it, until it is published ' +
      'again. By an officer of its territory, or an administrator.',
  })
  async unpublishExperience(
    @Arg('id', () => ID, { description: 'The experience.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Ctx() ctx: Context,
  ): Promise<ExperienceEntity> {
    await update(ctx, {
      action: 'unpublishExperience',
      target: { entity: ExperienceEntity, type: 'Experience', id, expectedVersion },
      authorize: (actor, x) => mayWrite(actor, x, 'withdraw it'),
      apply: async (_manager, x) => {
        checkStanding(x);
        if (x.publishedOn === null) throw new BadUserInputError('The experience is not published', 'id');
        return {
          set: { publishedOn: null },
          changes: diff({ publishedOn: x.publishedOn }, { publishedOn: null }),
        };
      },
    });
    return ctx.db.getRepository(ExperienceEntity).findOneByOrFail({ id });
  }

  @Mutation(() => ExperienceEntity, {
    description:
      'Voids an experience recorded in error (never shared, or entered twice): it is kept, with the reason, ' +
      'in its audit trail, and leaves every list, count, search and statistic. By an officer of its ' +
      'territory, or an administrator. To hide an experience for a while, unpublish it instead.',
  })
  async voidExperience(
    @Arg('id', () => ID, { description: 'The experience.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('reason', { description: 'Why the experience was recorded in error (kept in the audit trail).' })
    reason: string,
    @Ctx() ctx: Context,
  ): Promise<ExperienceEntity> {
    let why!: string;
    await update(ctx, {
      action: 'voidExperience',
      validate: () => {
        why = checkReason(reason);
      },
      target: { entity: ExperienceEntity, type: 'Experience', id, expectedVersion },
      authorize: (actor, x) => mayWrite(actor, x, 'void it'),
      apply: async (_manager, x) => {
        checkStanding(x);
        const voided = { voidedOn: today(), voidReason: why };
        return { set: voided, changes: diff({ voidedOn: null, voidReason: null }, voided) };
      },
    });
    return ctx.db.getRepository(ExperienceEntity).findOneByOrFail({ id });
  }

  @FieldResolver(() => [AuditEntry], {
    nullable: true,
    description:
      'Every write to the experience through the hub, oldest first: for officers of its territory, the ' +
      'ministry and administrators (null with a FORBIDDEN error for anyone else).',
  })
  async auditTrail(@Root() x: ExperienceEntity, @Ctx() { db, viewer }: Context): Promise<AuditEntry[]> {
    ensure(
      isSupervisor(viewer) || mayWriteExperience(viewer, x),
      'The audit trail of an experience is for its territory and the ministry',
    );
    const rows = await db.getRepository(AuditEntryRow).find({
      where: { entityType: 'Experience', entityId: x.id },
      order: { at: 'ASC', version: 'ASC' },
    });
    return auditEntries(rows);
  }
}
