import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { eventsSubgraph } from '../events/subgraph';
import { networksSubgraph } from '../networks/subgraph';
import { partnershipsSubgraph } from '../partnerships/subgraph';
import { territoriesSubgraph } from '../territories/subgraph';
import { factsReaderOf, OutboxEventRow, SOURCE_OF_TYPE } from './outbox';
import { AuditEntryRow } from './writes';
import type { AuditedType } from './writes';

/**
 * No writing subgraph without its outbox: the pipeline records events only where the table is an entity
 * (`recordOutboxEvent`), so a subgraph that audits its writes must have it, its migration, and a reader of
 * the facts of every type it writes.
 */
const writers = [territoriesSubgraph, partnershipsSubgraph, networksSubgraph, eventsSubgraph];

describe('the outbox of every writing subgraph', () => {
  it.each(writers.map((definition) => [definition.name, definition] as const))(
    '%s has the outbox table, its migration, and the facts of the types it writes',
    (name, definition) => {
      expect(definition.entities).toContain(AuditEntryRow);
      expect(definition.entities).toContain(OutboxEventRow);
      const prefix = `${name[0].toUpperCase()}${name.slice(1)}`;
      expect(definition.migrations.map((m) => m.name)).toEqual(
        expect.arrayContaining([`${prefix}Outbox1766000000001`, `${prefix}OutboxFailures1766000000002`]),
      );
      const types = (Object.keys(SOURCE_OF_TYPE) as AuditedType[]).filter((t) => SOURCE_OF_TYPE[t] === name);
      expect(types.length).toBeGreaterThan(0);
      for (const type of types) expect(factsReaderOf(type), type).toBeTypeOf('function');
    },
  );
});
