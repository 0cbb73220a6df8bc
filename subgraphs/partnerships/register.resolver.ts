import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import { alreadyRecorded } from '../shared/errors';
import { evidenceColumns } from '../shared/evidence';
import { create, permission } from '../shared/pipeline';
import type { SubgraphContext } from '../shared/server';
import { diff, lockUntilCommit } from '../shared/writes';
import { PartnershipStatus, PartyRole, SIGNED_STATUSES } from './enums';
import { mayTake, ruleOf } from './legal-path';
import { appendStep, checkParties, idempotencyKeyArg, insertAgreement } from './lifecycle';
import type { Loaders } from './loaders';
import { Partnership, PartnershipSourceRow, siteOf } from './partnership.entity';
import {
  checkRegistration,
  RegisterPartnershipInput,
  registeredDates,
  type Registration,
} from './register.inputs';

type Context = SubgraphContext<Loaders>;

/** CONFLICT naming the agreement already registered under the reference (`existingId`, `duplicate`). */
const alreadyRegistered = (reference: string, existingId: string) =>
  alreadyRecorded(
    `An agreement is already registered under the reference "${reference}" (${existingId}): correct it with ` +
      'the correction mutations instead of registering it again',
    'input.reference',
    existingId,
  );

/** The real agreement already under `reference`, if any. */
async function registered(manager: EntityManager, reference: string): Promise<Partnership | null> {
  return manager.findOne(Partnership, { where: { reference, isDemo: false }, order: { id: 'ASC' } });
}

/**
 * The steps a registration writes: a SIGNED step (dated `signedOn`) for an agreement signed, then the step of
 * its status when it went further (EXPIRED on its `endsOn`); the step of its status alone for one not yet
 * signed. Each notes the register it comes from.
 */
async function registeredSteps(
  manager: EntityManager,
  id: string,
  input: RegisterPartnershipInput,
  reference: string,
): Promise<void> {
  const note = `Registered from ${reference}`;
  const signed = SIGNED_STATUSES.includes(input.status);
  if (signed) await appendStep(manager, id, PartnershipStatus.SIGNED, input.signedOn ?? null, null, note);
  if (input.status === PartnershipStatus.SIGNED) return;
  const date = input.status === PartnershipStatus.EXPIRED ? (input.endsOn ?? null) : null;
  await appendStep(manager, id, input.status, date, null, note);
}

/** Inserts the registered agreement with its parties, facets, sources and steps; returns its id. */
async function insertRegistered(
  manager: EntityManager,
  input: RegisterPartnershipInput,
  r: Registration,
): Promise<string> {
  const id = await insertAgreement(manager, {
    columns: {
      reference: r.reference,
      kind: input.kind,
      titleFr: r.title,
      titleEn: r.titleEn,
      titleAr: r.titleAr,
      summary: r.summary,
      status: input.status,
      signedOn: input.signedOn ?? null,
      year: r.year,
      startsOn: input.startsOn ?? null,
      endsOn: input.endsOn ?? null,
      evidenceColumns: evidenceColumns(r),
    },
    parties: input.parties,
    themes: input.themes,
    sdgs: input.sdgs,
  });
  await manager.insert(
    PartnershipSourceRow,
    r.sources.map((source, position) => ({
      partnershipId: id,
      position,
      ...source,
      site: siteOf(source.url),
    })),
  );
  await registeredSteps(manager, id, input, r.reference);
  return id;
}

/**
 * `registerPartnership`: the way a ministry, a region or a network brings in an agreement already concluded,
 * as its register or a public source knows it — and the one the bulk import of registers calls, row by row.
 */
@Resolver()
export class RegisterPartnershipResolver {
  @Mutation(() => Partnership, {
    description:
      'Registers an agreement already concluded, as a register or a public source knows it: its own reference ' +
      '(unique among real agreements: a second registration is refused with CONFLICT and ' +
      '`extensions.existingId`), its parties, its status as registered (DELIBERATED, APPROVED, SIGNED, ACTIVE, ' +
      'EXPIRED or TERMINATED), its dates (unknown ones left out, shown as such), its sources (at least one) ' +
      'and their evidence. Real, never demo; then carried on and corrected like any other agreement. By the ' +
      'ministry, an administrator, or an officer of one of its Moroccan parties (`register` in ' +
      'docs/LEGAL-PATH.md).',
  })
  async registerPartnership(
    @Arg('input', () => RegisterPartnershipInput, { description: 'The agreement as registered.' })
    input: RegisterPartnershipInput,
    @Arg('idempotencyKey', () => String, idempotencyKeyArg) idempotencyKey: string | null,
    @Ctx() ctx: Context,
  ): Promise<Partnership> {
    let registration!: Registration;
    const id = await create(ctx, {
      action: 'registerPartnership',
      validate() {
        registration = checkRegistration(input);
      },
      permit: (actor) =>
        permission(
          mayTake(ruleOf('register'), actor, {
            parties: input.parties.map((party) => party.territoryId),
            moroccanParties: input.parties
              .filter((party) => party.role === PartyRole.MOROCCAN_PARTY)
              .map((party) => party.territoryId),
          }),
          'Only the ministry, an administrator or an officer of one of its Moroccan parties may register an agreement',
        ),
      get references() {
        return checkParties(input.parties);
      },
      idempotency: { key: idempotencyKey, input },
      dates: () => registeredDates(input),
      async create(manager) {
        // Two registrations of one reference at once: the second waits for the first, then finds it.
        await lockUntilCommit(manager, `registerPartnership:${registration.reference}`);
        const existing = await registered(manager, registration.reference);
        if (existing) throw alreadyRegistered(registration.reference, existing.id);
        const id = await insertRegistered(manager, input, registration);
        const { reference, title, titleEn, titleAr, summary, year, quote, note, caveats, sources } =
          registration;
        const changes = diff(
          {},
          {
            ...input,
            reference,
            title,
            titleEn,
            titleAr,
            summary,
            year,
            sources,
            evidence: { quote, caveats, note },
          },
        );
        return { id, audits: [{ type: 'Partnership', id, changes, version: 1 }] };
      },
    });
    return ctx.db.getRepository(Partnership).findOneByOrFail({ id });
  }
}
