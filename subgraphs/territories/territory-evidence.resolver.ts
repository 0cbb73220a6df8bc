import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { auditEntries, AuditEntry } from '../shared/audit.types';
import { Evidence, evidenceOf } from '../shared/evidence';
import { ensure } from '../shared/identity';
import type { SubgraphContext } from '../shared/server';
import { MAY_WRITE_FOREIGN_AUTHORITIES } from './foreign-authority.rules';
import type { Loaders } from './loaders';
import { Territory } from './territory.entity';

type Context = SubgraphContext<Loaders>;

/** How a territory is established (its evidence) and who wrote to it (its audit trail). */
@Resolver(() => Territory)
export class TerritoryEvidenceResolver {
  @FieldResolver(() => Evidence, {
    description:
      'How well the record is established: for a foreign authority, the strength of its `sources` (the ' +
      'agreements that name a partner of the sourced batch), the quote and what weakens them. A territory ' +
      'of the HCP reference lists no source of its own (its provenance is `data/reference/SOURCES.md`): ' +
      'UNSOURCED, with a note saying so.',
  })
  async evidence(@Root() territory: Territory, @Ctx() { loaders }: Context): Promise<Evidence> {
    const sources = await loaders.territorySources.load(territory.id);
    const evidence = evidenceOf(
      territory.evidenceColumns,
      sources.map((s) => s.url),
    );
    if (territory.hcpCode && sources.length === 0 && !evidence.note) {
      evidence.note = 'From the HCP reference lists (RGPH 2024), data/reference/SOURCES.md';
    }
    return evidence;
  }

  @FieldResolver(() => [AuditEntry], {
    nullable: true,
    description:
      'Every write to the territory through the hub (a foreign authority added or corrected), oldest first: ' +
      'for the ministry, administrators and network secretariats (null with a FORBIDDEN error for anyone ' +
      'else); empty for a territory of the reference data never written to.',
  })
  async auditTrail(@Root() territory: Territory, @Ctx() { loaders, viewer }: Context): Promise<AuditEntry[]> {
    ensure(
      MAY_WRITE_FOREIGN_AUTHORITIES[viewer.role],
      'The audit trail of a territory is for the ministry, administrators and network secretariats',
    );
    return auditEntries(await loaders.territoryAudit.load(territory.id));
  }
}
