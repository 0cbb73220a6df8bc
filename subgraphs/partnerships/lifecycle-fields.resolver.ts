import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { auditEntries } from '../shared/audit.types';
import { actsForTerritory, ensure, isSupervisor, type Viewer } from '../shared/identity';
import { manyByKey } from '../shared/loaders';
import type { SubgraphContext } from '../shared/server';
import { AuditEntryRow, type AuditedType } from '../shared/writes';
import { PartnershipStatus, SIGNED_STATUSES } from './enums';
import { AuditEntry, Deliberation } from './lifecycle.types';
import type { Loaders } from './loaders';
import { Partnership } from './partnership.entity';
import { CooperationRequest } from './request.entity';
import { territoryRef } from './stubs';
import { restrictToVisible } from './visibility';

type Context = SubgraphContext<Loaders>;

async function trailOf(db: DataSource, entityType: AuditedType, entityId: string): Promise<AuditEntryRow[]> {
  return db
    .getRepository(AuditEntryRow)
    .find({ where: { entityType, entityId }, order: { at: 'ASC', version: 'ASC' } });
}

/** The amendments of a batch of agreements that `viewer` may see, one statement per batch. */
const amendmentLoaders = new WeakMap<object, ReturnType<typeof amendmentLoader>>();
function amendmentLoader(db: DataSource, viewer: Viewer) {
  return manyByKey<string, Partnership>(
    (ids) =>
      restrictToVisible(db.getRepository(Partnership).createQueryBuilder('p'), 'p', viewer)
        .andWhere('p.amends_id IN (:...ids)', { ids })
        .orderBy('p.id', 'ASC')
        .getMany(),
    (row) => row.amendsId!,
  );
}
/** One amendments loader per request (keyed by the request's loaders object). */
function amendmentsOf({ db, viewer, loaders }: Context) {
  let loader = amendmentLoaders.get(loaders);
  if (!loader) amendmentLoaders.set(loaders, (loader = amendmentLoader(db, viewer)));
  return loader;
}

@Resolver(() => Partnership)
export class PartnershipLifecycleResolver {
  @FieldResolver(() => [AuditEntry], {
    nullable: true,
    description:
      'Every write to the agreement, oldest first: for officers of its parties, the ministry and administrators ' +
      '(null with a FORBIDDEN error for anyone else).',
  })
  async auditTrail(@Root() p: Partnership, @Ctx() { db, loaders, viewer }: Context): Promise<AuditEntry[]> {
    const parties = await loaders.parties.load(p.id);
    ensure(
      isSupervisor(viewer) || parties.some((row) => actsForTerritory(viewer, row.territoryId)),
      'The audit trail of an agreement is for its parties and the ministry',
    );
    return auditEntries(await trailOf(db, 'Partnership', p.id));
  }

  @FieldResolver(() => [Deliberation], {
    description: 'The council deliberations of its Moroccan parties recorded through the hub.',
  })
  async deliberations(@Root() p: Partnership, @Ctx() { loaders }: Context): Promise<Deliberation[]> {
    const rows = await loaders.deliberations.load(p.id);
    return rows.map((row) => ({
      council: territoryRef(row.territoryId),
      date: row.date,
      session: row.session,
      reference: row.reference,
    }));
  }

  @FieldResolver(() => Partnership, {
    nullable: true,
    description:
      'The signed renewal that replaced this agreement (the reverse of `renews`), when it is SUPERSEDED; null ' +
      'otherwise, or when the reader may not see it.',
  })
  async supersededBy(@Root() p: Partnership, @Ctx() { loaders }: Context): Promise<Partnership | null> {
    if (p.status !== PartnershipStatus.SUPERSEDED) return null;
    // `renewals` is one statement per batch, oldest signature first: the first signed one replaced it.
    const renewals = await loaders.renewals.load(p.id);
    return (
      renewals.find((r) => (r.signedOn != null || r.year != null) && SIGNED_STATUSES.includes(r.status)) ??
      null
    );
  }

  @FieldResolver(() => Partnership, {
    nullable: true,
    description: 'The signed agreement this amendment (kind AMENDMENT) amends; null for any other agreement.',
  })
  async amends(@Root() p: Partnership, @Ctx() { loaders }: Context): Promise<Partnership | null> {
    return p.amendsId ? loaders.partnership.load(p.amendsId) : null;
  }

  @FieldResolver(() => [Partnership], {
    description:
      'The amendments (avenants) of this agreement that the reader may see, whatever their status.',
  })
  amendments(@Root() p: Partnership, @Ctx() ctx: Context): Promise<Partnership[]> {
    return amendmentsOf(ctx).load(p.id);
  }
}

@Resolver(() => CooperationRequest)
export class RequestLifecycleResolver {
  @FieldResolver(() => [AuditEntry], {
    nullable: true,
    description:
      'Every write to the request, oldest first: for officers of the requester, the ministry and administrators ' +
      '(null with a FORBIDDEN error for anyone else).',
  })
  async auditTrail(
    @Root() request: CooperationRequest,
    @Ctx() { db, viewer }: Context,
  ): Promise<AuditEntry[]> {
    ensure(
      isSupervisor(viewer) || actsForTerritory(viewer, request.requesterId),
      'The audit trail of a request is for its requester and the ministry',
    );
    return auditEntries(await trailOf(db, 'CooperationRequest', request.id));
  }
}
