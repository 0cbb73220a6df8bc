import { DateTimeISOResolver, JSONResolver } from 'graphql-scalars';
import { Directive, Field, Int, ObjectType } from 'type-graphql';
import type { AuditEntryRow } from './writes';

@ObjectType({
  description: 'One write to a record (agreement, request, membership): who, when, what changed.',
})
// Resolved by every subgraph that records writes, from its own audit table.
@Directive('@shareable')
export class AuditEntry {
  @Field(() => DateTimeISOResolver, { description: 'When the write happened (UTC).' })
  at: Date;

  @Field({ description: 'Who wrote: the `sub` of the verified token.' })
  actor: string;

  @Field({ description: 'The role the actor wrote with (`TERRITORY_OFFICER`, `MINISTRY`…).' })
  role: string;

  @Field({ description: 'The mutation that wrote (`createPartnership`, `approvePartnership`…).' })
  action: string;

  @Field(() => JSONResolver, {
    description: 'What changed: `{ "<field>": { "from": …, "to": … } }` (`from` is null on creation).',
  })
  changes: unknown;

  @Field(() => Int, { description: 'The version of the record after the write.' })
  version: number;
}

/** The GraphQL entries of audit rows. */
export function auditEntries(rows: AuditEntryRow[]): AuditEntry[] {
  return rows.map((row) => ({
    at: new Date(row.at),
    actor: row.actor,
    role: row.role,
    action: row.action,
    changes: JSON.parse(row.changes) as unknown,
    version: row.version,
  }));
}
