import type { EntityManager } from 'typeorm';
import type { RecordFacts } from '../shared/notification-event';
import { registerFacts } from '../shared/outbox';
import { Territory } from './territory.entity';

/**
 * What an outbox event says of a territory right after a write (`shared/outbox.ts`: the foreign
 * authorities written through the graph), read in the write's transaction. The reference of territories is
 * public: every reader reads every territory.
 */
export async function territoryFacts(manager: EntityManager, id: string): Promise<RecordFacts | null> {
  const territory = await manager.findOneBy(Territory, { id });
  if (!territory) return null;
  return {
    public: true,
    parties: [territory.id],
    networks: [],
    status: null,
    title: territory.nameFr ?? territory.nameEn ?? territory.nameAr ?? id,
    titleAr: territory.nameAr,
    demo: territory.isDemo,
  };
}

registerFacts('Territory', territoryFacts);
