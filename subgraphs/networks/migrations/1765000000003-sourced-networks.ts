import type { MigrationInterface, QueryRunner } from 'typeorm';
import { writeSourcedNetworks } from '../sourced.seed';

/**
 * Sourced networks (issue 12): networks and memberships keep the row reference of the register they come
 * from and their evidence (quote, caveats, note — `shared/evidence.ts`; the columns `evidence_quote`,
 * `evidence_caveats`, `evidence_note` of `EvidenceColumns`); offices held by a mayor or a regional president for their authority,
 * and national associations members of networks, get tables of their own so that no membership count reads
 * them. Plain SQL, the same on SQLite and PostgreSQL. A database seeded before this migration gets the
 * batch's networks, memberships, offices and affiliations here (`sourced.seed.ts`); a new one from the seed.
 */
const EVIDENCE = [
  'ADD COLUMN "evidence_quote" text',
  'ADD COLUMN "evidence_caveats" varchar(200) NOT NULL DEFAULT \'\'',
  'ADD COLUMN "evidence_note" text',
];
const EVIDENCE_COLUMNS = `"evidence_quote" text, "evidence_caveats" varchar(200) NOT NULL DEFAULT '', "evidence_note" text`;
const NETWORK = 'REFERENCES network (id) ON DELETE CASCADE';

export class NetworksSourcedNetworks1765000000003 implements MigrationInterface {
  name = 'NetworksSourcedNetworks1765000000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['network', 'membership']) {
      await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN reference varchar(200)`);
      for (const column of EVIDENCE) await queryRunner.query(`ALTER TABLE ${table} ${column}`);
    }
    await queryRunner.query(
      `CREATE TABLE network_office (id varchar(64) PRIMARY KEY, network_id varchar(64) NOT NULL ${NETWORK}, ` +
        `territory_id varchar(64) NOT NULL, role varchar(32) NOT NULL, title varchar(300) NOT NULL, ` +
        `holder_title varchar(300) NOT NULL, holder_name varchar(200), since_year integer, until_year integer, ` +
        `sources text NOT NULL, reference varchar(200), is_demo boolean NOT NULL DEFAULT false, ` +
        `${EVIDENCE_COLUMNS})`,
    );
    await queryRunner.query('CREATE INDEX idx_network_office_network ON network_office (network_id)');
    await queryRunner.query('CREATE INDEX idx_network_office_territory ON network_office (territory_id)');
    await queryRunner.query(
      `CREATE TABLE network_affiliation (id varchar(64) PRIMARY KEY, network_id varchar(64) NOT NULL ${NETWORK}, ` +
        `member_network_id varchar(64) NOT NULL ${NETWORK}, role varchar(32) NOT NULL, since_year integer, ` +
        `sources text NOT NULL, reference varchar(200), is_demo boolean NOT NULL DEFAULT false, ` +
        `${EVIDENCE_COLUMNS})`,
    );
    await queryRunner.query(
      'CREATE INDEX idx_network_affiliation_network ON network_affiliation (network_id)',
    );
    await queryRunner.query(
      'CREATE INDEX idx_network_affiliation_member ON network_affiliation (member_network_id)',
    );
    const seeded: unknown[] = await queryRunner.query(`SELECT "key" FROM seed_state WHERE "key" = 'seeded'`);
    if (seeded.length > 0) await writeSourcedNetworks(queryRunner.manager);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE network_affiliation');
    await queryRunner.query('DROP TABLE network_office');
    for (const table of ['membership', 'network']) {
      for (const column of ['evidence_note', 'evidence_caveats', 'evidence_quote', 'reference'])
        await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN "${column}"`);
    }
  }
}
