import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { EvidenceInput } from '../shared/evidence';
import { SourceInput } from '../shared/source';
import { MembershipRole } from './membership.entity';

@InputType({ description: 'The council deliberation by which a local authority decided to join a network.' })
export class CouncilDeliberationInput {
  @Field(() => LocalDateResolver, {
    description:
      'The date of the council session: today or earlier, and not after the start of the membership.',
  })
  date: string;

  @Field({ description: 'The session (e.g. "session ordinaire de février").' })
  session: string;

  @Field({ description: 'The reference number of the deliberation.' })
  reference: string;
}

@InputType({
  description:
    "A local authority's new membership of a network: decided by a council deliberation, or known from public " +
    'sources (a network secretariat’s register) — then recorded as documented, with its sources and evidence.',
})
export class AddMembershipInput {
  @Field(() => ID, { description: 'The network joined (NOT_FOUND when there is none).' })
  networkId: string;

  @Field(() => ID, {
    description: 'The member: an HCP code or a foreign id, known to the territories subgraph.',
  })
  territoryId: string;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description:
      'The day the membership starts; give it or `sinceYear` (both only when they agree). It may be in the ' +
      'future (a planned membership): it then counts nowhere (not active, not a member, not in counts nor ' +
      'matching) until that day.',
  })
  since?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'The year the membership started, when the source gives no day: instead of `since` (or with it, equal ' +
      'to its year, else BAD_USER_INPUT naming `input.sinceYear`). A membership known to the year counts from ' +
      'the 1st of January of that year; with sources, its evidence carries the YEAR_ONLY caveat.',
  })
  sinceYear?: number | null;

  @Field(() => MembershipRole, { defaultValue: MembershipRole.MEMBER, description: 'The place it holds.' })
  role: MembershipRole;

  @Field(() => CouncilDeliberationInput, {
    nullable: true,
    description:
      'The council deliberation that decided it; required for a Moroccan local authority unless `sources` ' +
      'are given (the membership is then documented, not decided here: `Membership.basis`).',
  })
  deliberation?: CouncilDeliberationInput | null;

  @Field(() => [SourceInput], {
    nullable: true,
    description: 'The public sources documenting the membership (http(s) addresses, at most 20).',
  })
  sources?: SourceInput[] | null;

  @Field(() => EvidenceInput, {
    nullable: true,
    description:
      'What establishes it: the quote from the sources, what weakens them, a note (needs `sources`).',
  })
  evidence?: EvidenceInput | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The row of the register it comes from (e.g. the secretariat’s own row id, or `MB028`), at most 200 ' +
      'characters: kept as `Membership.reference`.',
  })
  reference?: string | null;
}

@InputType({
  description:
    'A correction of a membership recorded wrongly: only the fields given change, and the dates are checked ' +
    'again as on creation.',
})
export class CorrectMembershipInput {
  @Field(() => LocalDateResolver, {
    nullable: true,
    description:
      'The right start date (may be in the future: a planned membership); give it or `sinceYear` (both only ' +
      'when they agree). Omit both to keep the start.',
  })
  since?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'The right year the membership started, when the source gives no day: the start becomes that year only ' +
      '(counted from its 1st of January), as `addMembership` records it. With `since`, it must be the year ' +
      'of `since`, else BAD_USER_INPUT naming `input.sinceYear`. The YEAR_ONLY caveat of a sourced ' +
      "membership's evidence follows the start: added for a year only, taken off for a day. Omit to keep it.",
  })
  sinceYear?: number | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description:
      'The right end date (not before the start; may be in the future). Explicit null clears it: the way to ' +
      'undo an `endMembership` made by mistake — the membership runs again with no end date. Omit to keep it.',
  })
  until?: string | null;

  @Field(() => MembershipRole, { nullable: true, description: 'The right role. Omit to keep it.' })
  role?: MembershipRole | null;

  @Field(() => CouncilDeliberationInput, {
    nullable: true,
    description:
      'The right council deliberation (all its fields). Explicit null removes it, which a Moroccan local ' +
      'authority may not. Omit to keep it.',
  })
  deliberation?: CouncilDeliberationInput | null;
}
