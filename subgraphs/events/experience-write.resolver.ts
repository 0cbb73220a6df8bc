import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import { auditEntries, AuditEntry } from '../shared/audit.types';
import { BadUserInputError } from '../shared/errors';
import { Language } from '../shared/i18n';
import { ensure, isSupervisor, requireActor, type Viewer } from '../shared/identity';
import type { SubgraphContext } from '../shared/server';
import {
  audit,
  AuditEntryRow,
  checkExistingTerritory,
  checkText,
  checkVersion,
  diff,
  loadForWrite,
  newId,
  once,
  today,
  updateVersioned,
} from '../shared/writes';
import { EventEntity, EventFacetKind, EventStatus } from './event.entity';
import { eventFacetsOf, eventFacetValues } from './event-write.resolver';
import { ExperienceEntity, ExperienceFacet, ExperienceFacetKind } from './experience.entity';
import type { Loaders } from './loaders';
import { searchTextOf } from './search';
import { canSeeEvent, mayWriteExperience } from './visibility';
import { checkFacetValues, checkHttpUrl, checkListSize, checkNotFuture, distinct } from './write-checks';

type Context = SubgraphContext<Loaders>;

const expectedVersionArg = {
  description: 'The `version` the change is based on; a stale one gets CONFLICT.',
};

@InputType('ExperienceDocumentInput', { description: 'A document attached to an experience.' })
export class ExperienceDocumentInput {
  @Field({ description: 'The title of the document.' })
  title: string;

  @Field({ description: 'Where it can be read: an http:// or https:// address.' })
  url: string;
}

@InputType('CreateExperienceInput', {
  description:
    'A new experience or good practice, created unpublished (seen only by officers of its territory, the ' +
    'ministry and administrators until `publishExperience`).',
})
export class CreateExperienceInput {
  @Field(() => ID, { description: 'The territory sharing it: an HCP code or a foreign id.' })
  territoryId: string;

  @Field({ description: 'The title, in its language.' })
  title: string;

  @Field({ description: 'What was done, in a few sentences.' })
  summary: string;

  @Field({ description: 'The lessons learned that other territories can reuse.' })
  lessonsLearned: string;

  @Field(() => Language, { description: 'The language it is written in.' })
  language: Language;

  @Field(() => ID, {
    nullable: true,
    description: 'The event where it was presented, which the territory organised or took part in.',
  })
  eventId?: string | null;

  @Field(() => [ID], { defaultValue: [], description: 'Theme codes (see the `themes` query).' })
  themes: string[];

  @Field(() => [Int], { defaultValue: [], description: 'The SDGs served (1 to 17).' })
  sdgs: number[];

  @Field(() => [ExperienceDocumentInput], { defaultValue: [], description: 'Documents attached to it.' })
  documents: ExperienceDocumentInput[];
}

@InputType('UpdateExperienceInput', {
  description: 'What to change in an experience; absent fields stay as they are.',
})
export class UpdateExperienceInput {
  @Field(() => String, { nullable: true, description: 'The title, in its language.' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'What was done, in a few sentences.' })
  summary?: string | null;

  @Field(() => String, { nullable: true, description: 'The lessons learned.' })
  lessonsLearned?: string | null;

  @Field(() => Language, { nullable: true, description: 'The language it is written in.' })
  language?: Language | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'The event where it was presented, which the territory organised or took part in; null removes the link.',
  })
  eventId?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Theme codes (replaces them).' })
  themes?: string[] | null;

  @Field(() => [Int], { nullable: true, description: 'The SDGs served (replaces them).' })
  sdgs?: number[] | null;

  @Field(() => [ExperienceDocumentInput], { nullable: true, description: 'The documents (replaces them).' })
  documents?: ExperienceDocumentInput[] | null;
}

function checkDocuments(documents: ExperienceDocumentInput[], field: string) {
  checkListSize(documents, field);
  return documents.map((document, i) => ({
    title: checkText(document.title, `${field}[${i}].title`, 300),
    url: checkHttpUrl(document.url, `${field}[${i}].url`),
  }));
}

/**
 * BAD_USER_INPUT on `field` unless the event exists, `actor` sees it, and `territoryId` organised it or
 * took part in it; when the experience is (or becomes) public, the event must be public too, so a
 * published experience never points at a draft.
 */
async function checkEventLink(
  manager: EntityManager,
  actor: Viewer,
  eventId: string,
  territoryId: string,
  published: boolean,
  field: string,
): Promise<void> {
  const event = await manager.findOneBy(EventEntity, { id: eventId });
  const facets = event ? await eventFacetsOf(manager, eventId) : [];
  const organisers = eventFacetValues(facets, EventFacetKind.Organiser);
  if (!event || !canSeeEvent(actor, event, organisers)) {
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
}

async function facetsOf(manager: EntityManager, experienceId: string) {
  const rows = await manager.find(ExperienceFacet, {
    where: { experienceId },
    order: { position: 'ASC' },
  });
  const of = (kind: ExperienceFacetKind) => rows.filter((row) => row.kind === kind).map((row) => row.value);
  return { themes: of(ExperienceFacetKind.Theme), sdgs: of(ExperienceFacetKind.Sdg).map(Number) };
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

function facetRows(experienceId: string, kind: ExperienceFacetKind, values: (string | number)[]) {
  return distinct(values.map(String)).map((value, position) =>
    Object.assign(new ExperienceFacet(), { experienceId, kind, value, position }),
  );
}

const FORBIDDEN_WRITE = "Only an officer of the experience's territory or an administrator may";

/**
 * Experiences written and published by the territory that shares them. Every write checks, in this order:
 * identity (UNAUTHENTICATED), the experience exists (NOT_FOUND), the role (FORBIDDEN), `expectedVersion`
 * (CONFLICT), the input against the experience (BAD_USER_INPUT); then the guarded UPDATE and the audit
 * entry, in one transaction.
 */
@Resolver(() => ExperienceEntity)
export class ExperienceWriteResolver {
  @Mutation(() => ExperienceEntity, {
    description:
      'Writes an experience, unpublished (seen only by officers of its territory, the ministry and ' +
      'administrators); by an officer of the territory that shares it, or an administrator.',
  })
  async createExperience(
    @Arg('input', () => CreateExperienceInput, { description: 'The experience.' })
    input: CreateExperienceInput,
    @Arg('idempotencyKey', () => String, {
      nullable: true,
      description:
        'A key of your choosing (8–200 characters), unique per creation: a retry with the same key returns the ' +
        'experience created the first time instead of a duplicate.',
    })
    idempotencyKey: string | null,
    @Ctx() { db, viewer }: Context,
  ): Promise<ExperienceEntity> {
    const actor = requireActor(viewer);
    ensure(
      mayWriteExperience(actor, { territoryId: input.territoryId }),
      `${FORBIDDEN_WRITE} write an experience of ${input.territoryId}`,
    );
    checkExistingTerritory(input.territoryId, 'input.territoryId');
    const texts = {
      title: checkText(input.title, 'input.title', 300),
      summary: checkText(input.summary, 'input.summary', 5000),
      lessons: checkText(input.lessonsLearned, 'input.lessonsLearned'),
    };
    checkFacetValues(input, 'input');
    const documents = checkDocuments(input.documents, 'input.documents');
    const id = await db.transaction((manager) =>
      once(manager, actor, idempotencyKey, 'createExperience', async () => {
        if (input.eventId != null) {
          await checkEventLink(manager, actor, input.eventId, input.territoryId, false, 'input.eventId');
        }
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
          }),
        );
        const facets = [
          ...facetRows(id, ExperienceFacetKind.Theme, input.themes),
          ...facetRows(id, ExperienceFacetKind.Sdg, input.sdgs),
        ];
        if (facets.length) await manager.insert(ExperienceFacet, facets);
        await audit(
          manager,
          actor,
          'Experience',
          id,
          'createExperience',
          diff(
            {},
            {
              territoryId: input.territoryId,
              title: texts.title,
              summary: texts.summary,
              lessonsLearned: texts.lessons,
              language: input.language,
              eventId: input.eventId ?? null,
              themes: distinct(input.themes),
              sdgs: distinct(input.sdgs),
              documents,
            },
          ),
          1,
        );
        return id;
      }),
    );
    return db.getRepository(ExperienceEntity).findOneByOrFail({ id });
  }

  @Mutation(() => ExperienceEntity, {
    description: 'Edits an experience; by an officer of its territory, or an administrator.',
  })
  async updateExperience(
    @Arg('id', () => ID, { description: 'The experience.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('input', () => UpdateExperienceInput, { description: 'What to change.' })
    input: UpdateExperienceInput,
    @Ctx() { db, viewer }: Context,
  ): Promise<ExperienceEntity> {
    const actor = requireActor(viewer);
    await db.transaction(async (manager) => {
      const x = await loadForWrite(manager, ExperienceEntity, 'Experience', id);
      ensure(mayWriteExperience(actor, x), `${FORBIDDEN_WRITE} edit it`);
      checkVersion(x, expectedVersion, 'Experience');
      const facets = await facetsOf(manager, id);
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
      checkFacetValues(input, 'input');
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
      if (after.eventId !== null && after.eventId !== before.eventId) {
        await checkEventLink(
          manager,
          actor,
          after.eventId,
          x.territoryId,
          x.publishedOn !== null,
          'input.eventId',
        );
      }
      const texts = { title: after.title, summary: after.summary, lessons: after.lessonsLearned };
      const version = await updateVersioned(manager, ExperienceEntity, id, expectedVersion, {
        ...texts,
        language: after.language,
        eventId: after.eventId,
        documents: after.documents,
        searchText: searchTextOf(texts),
      });
      if (input.themes) await replaceFacets(manager, id, ExperienceFacetKind.Theme, after.themes);
      if (input.sdgs) await replaceFacets(manager, id, ExperienceFacetKind.Sdg, after.sdgs);
      await audit(manager, actor, 'Experience', id, 'updateExperience', diff(before, after), version);
    });
    return db.getRepository(ExperienceEntity).findOneByOrFail({ id });
  }

  @Mutation(() => ExperienceEntity, {
    description:
      'Publishes an experience: everyone sees it from then on. By an officer of its territory, or an ' +
      'administrator. An experience presented at an event is published once the event is.',
  })
  async publishExperience(
    @Arg('id', () => ID, { description: 'The experience.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('date', () => LocalDateResolver, {
      nullable: true,
      description: 'The date of publication, not in the future (absent: today).',
    })
    date: string | null,
    @Ctx() { db, viewer }: Context,
  ): Promise<ExperienceEntity> {
    const actor = requireActor(viewer);
    await db.transaction(async (manager) => {
      const x = await loadForWrite(manager, ExperienceEntity, 'Experience', id);
      ensure(mayWriteExperience(actor, x), `${FORBIDDEN_WRITE} publish it`);
      checkVersion(x, expectedVersion, 'Experience');
      if (x.publishedOn !== null) {
        throw new BadUserInputError(`The experience was already published on ${x.publishedOn}`, 'id');
      }
      const publishedOn = date ?? today();
      checkNotFuture(publishedOn, 'date', today());
      if (x.eventId !== null) {
        const event = await manager.findOneBy(EventEntity, { id: x.eventId });
        if (event?.status === EventStatus.DRAFT) {
          throw new BadUserInputError(
            `Its event "${x.eventId}" is still a DRAFT: publish the event first, or remove the link`,
            'id',
          );
        }
      }
      const version = await updateVersioned(manager, ExperienceEntity, id, expectedVersion, { publishedOn });
      await audit(
        manager,
        actor,
        'Experience',
        id,
        'publishExperience',
        diff({ publishedOn: null }, { publishedOn }),
        version,
      );
    });
    return db.getRepository(ExperienceEntity).findOneByOrFail({ id });
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
    @Ctx() { db, viewer }: Context,
  ): Promise<ExperienceEntity> {
    const actor = requireActor(viewer);
    await db.transaction(async (manager) => {
      const x = await loadForWrite(manager, ExperienceEntity, 'Experience', id);
      ensure(mayWriteExperience(actor, x), `${FORBIDDEN_WRITE} withdraw it`);
      checkVersion(x, expectedVersion, 'Experience');
      if (x.publishedOn === null) throw new BadUserInputError('The experience is not published', 'id');
      const version = await updateVersioned(manager, ExperienceEntity, id, expectedVersion, {
        publishedOn: null,
      });
      await audit(
        manager,
        actor,
        'Experience',
        id,
        'unpublishExperience',
        diff({ publishedOn: x.publishedOn }, { publishedOn: null }),
        version,
      );
    });
    return db.getRepository(ExperienceEntity).findOneByOrFail({ id });
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
