import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, Resolver, Root } from 'type-graphql';
import { auditEntries, AuditEntry } from '../shared/audit.types';
import { BadUserInputError } from '../shared/errors';
import { isHcpCode } from '../shared/hcp';
import { actsForTerritory, ensure, isSupervisor, requireActor, Role, type Viewer } from '../shared/identity';
import type { SubgraphContext } from '../shared/server';
import {
  audit,
  AuditEntryRow,
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
import type { Loaders } from './loaders';
import { MembershipEntity, MembershipRole } from './membership.entity';
import { NetworkEntity } from './network.entity';

type Context = SubgraphContext<Loaders>;

@InputType({ description: 'The council deliberation by which a local authority decided to join a network.' })
export class CouncilDeliberationInput {
  @Field(() => LocalDateResolver, { description: 'The date of the council session.' })
  date: string;

  @Field({ description: 'The session (e.g. "session ordinaire de février").' })
  session: string;

  @Field({ description: 'The reference number of the deliberation.' })
  reference: string;
}

@InputType({ description: "A local authority's new membership of a network." })
export class AddMembershipInput {
  @Field(() => ID, { description: 'The network joined.' })
  networkId: string;

  @Field(() => ID, { description: 'The member: an HCP code or a foreign id.' })
  territoryId: string;

  @Field(() => LocalDateResolver, { description: 'When the membership starts.' })
  since: string;

  @Field(() => MembershipRole, { defaultValue: MembershipRole.MEMBER, description: 'The place it holds.' })
  role: MembershipRole;

  @Field(() => CouncilDeliberationInput, {
    nullable: true,
    description: 'The council deliberation that decided it; required for a Moroccan local authority.',
  })
  deliberation?: CouncilDeliberationInput | null;
}

/** The network's secretariat, the member territory's officer, or an administrator. */
function mayWrite(viewer: Viewer, networkId: string, territoryId: string): boolean {
  return (
    viewer.role === Role.ADMIN ||
    (viewer.role === Role.NETWORK_SECRETARIAT && viewer.networks.includes(networkId)) ||
    actsForTerritory(viewer, territoryId)
  );
}

/** Memberships added and ended by a network's secretariat or by the member territory's officer. */
@Resolver(() => MembershipEntity)
export class MembershipWriteResolver {
  @Mutation(() => MembershipEntity, {
    description:
      "Adds a membership; by the network's secretariat or an officer of the member territory, with the council " +
      'deliberation that decided it for a Moroccan local authority.',
  })
  async addMembership(
    @Arg('input', () => AddMembershipInput, { description: 'The membership.' }) input: AddMembershipInput,
    @Arg('idempotencyKey', () => String, {
      nullable: true,
      description:
        'A key of your choosing (8–200 characters), unique per creation: a retry with the same key returns the ' +
        'membership created the first time instead of a duplicate.',
    })
    idempotencyKey: string | null,
    @Ctx() { db, viewer }: Context,
  ): Promise<MembershipEntity> {
    const actor = requireActor(viewer);
    checkExistingTerritory(input.territoryId, 'input.territoryId');
    ensure(
      mayWrite(actor, input.networkId, input.territoryId),
      `Only the secretariat of ${input.networkId} or an officer of ${input.territoryId} may add this membership`,
    );
    const deliberation = input.deliberation;
    if (!deliberation && isHcpCode(input.territoryId)) {
      throw new BadUserInputError(
        'A Moroccan local authority joins a network by a council deliberation: give it',
        'input.deliberation',
      );
    }
    if (deliberation) {
      checkText(deliberation.session, 'input.deliberation.session', 200);
      checkText(deliberation.reference, 'input.deliberation.reference', 200);
      checkOrder(deliberation.date, input.since, 'input.since', 'input.deliberation.date');
    }
    const id = await db.transaction(async (manager) => {
      if (!(await manager.findOneBy(NetworkEntity, { id: input.networkId }))) {
        throw new BadUserInputError(`No network has the id "${input.networkId}"`, 'input.networkId');
      }
      return once(manager, actor, idempotencyKey, 'addMembership', async () => {
        const running = await manager.find(MembershipEntity, {
          where: { networkId: input.networkId, territoryId: input.territoryId },
        });
        if (running.some((m) => m.until === null || m.until >= input.since)) {
          throw new BadUserInputError(
            `${input.territoryId} is already a member of ${input.networkId} on ${input.since}`,
            'input.territoryId',
          );
        }
        const id = newId('m');
        await manager.insert(
          MembershipEntity,
          Object.assign(new MembershipEntity(), {
            id,
            territoryId: input.territoryId,
            networkId: input.networkId,
            since: input.since,
            sinceYear: Number(input.since.slice(0, 4)),
            until: null,
            role: input.role,
            deliberationDate: deliberation?.date ?? null,
            deliberationSession: deliberation?.session.trim() ?? null,
            deliberationReference: deliberation?.reference.trim() ?? null,
            sources: [],
            isDemo: false,
            version: 1,
          }),
        );
        await audit(manager, actor, 'Membership', id, 'addMembership', diff({}, { ...input }), 1);
        return id;
      });
    });
    return db.getRepository(MembershipEntity).findOneByOrFail({ id });
  }

  @Mutation(() => MembershipEntity, {
    description:
      "Ends a running membership; by the network's secretariat or an officer of the member territory.",
  })
  async endMembership(
    @Arg('id', () => ID, { description: 'The membership.' }) id: string,
    @Arg('expectedVersion', () => Int, {
      description: 'The `version` the change is based on; a stale one gets CONFLICT.',
    })
    expectedVersion: number,
    @Arg('until', () => LocalDateResolver, { description: 'The last day of the membership.' }) until: string,
    @Ctx() { db, viewer }: Context,
  ): Promise<MembershipEntity> {
    const actor = requireActor(viewer);
    await db.transaction(async (manager) => {
      const membership = await loadForWrite(manager, MembershipEntity, 'Membership', id);
      ensure(
        mayWrite(actor, membership.networkId, membership.territoryId),
        `Only the secretariat of ${membership.networkId} or an officer of ${membership.territoryId} may end this membership`,
      );
      checkVersion(membership, expectedVersion, 'Membership');
      if (membership.until !== null && membership.until <= today()) {
        throw new BadUserInputError(`The membership already ended on ${membership.until}`, 'id');
      }
      checkOrder(membership.since, until, 'until', 'the start of the membership');
      const version = await updateVersioned(manager, MembershipEntity, id, expectedVersion, { until });
      await audit(
        manager,
        actor,
        'Membership',
        id,
        'endMembership',
        diff({ until: membership.until }, { until }),
        version,
      );
    });
    return db.getRepository(MembershipEntity).findOneByOrFail({ id });
  }

  @FieldResolver(() => [AuditEntry], {
    nullable: true,
    description:
      "Every write to the membership through the hub, oldest first: for the network's secretariat, officers of " +
      'the member, the ministry and administrators (null with a FORBIDDEN error for anyone else).',
  })
  async auditTrail(
    @Root() membership: MembershipEntity,
    @Ctx() { db, viewer }: Context,
  ): Promise<AuditEntry[]> {
    ensure(
      isSupervisor(viewer) || mayWrite(viewer, membership.networkId, membership.territoryId),
      "The audit trail of a membership is for the network's secretariat, the member and the ministry",
    );
    const rows = await db.getRepository(AuditEntryRow).find({
      where: { entityType: 'Membership', entityId: membership.id },
      order: { at: 'ASC', version: 'ASC' },
    });
    return auditEntries(rows);
  }
}
