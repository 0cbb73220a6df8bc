import { LocalDateResolver } from 'graphql-scalars';
import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { ActionState } from './enums';

@InputType({
  description:
    "The corrected facts of a council's deliberation recorded with a mistake; absent fields stay as they are.",
})
export class DeliberationCorrectionInput {
  @Field(() => LocalDateResolver, {
    nullable: true,
    description:
      "The right date of the session: not before the agreement's entry into NEGOTIATION (nor its signature, " +
      'when signed subject to deliberation), not after the approval, not after today.',
  })
  date?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The right session (e.g. "ordinary session of February 2025").',
  })
  session?: string | null;

  @Field(() => String, { nullable: true, description: 'The right reference (number) of the deliberation.' })
  reference?: string | null;
}

@InputType({
  description:
    'The corrected record of an action recorded with a mistake, also a settled (COMPLETED or ABANDONED) one; ' +
    'absent fields stay as they are, null clears a date.',
})
export class ActionCorrectionInput {
  @Field(() => String, { nullable: true, description: 'What the action is.' })
  title?: string | null;

  @Field(() => ActionState, { nullable: true, description: 'How far it has really gone.' })
  state?: ActionState | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'When it started (not before the signature; after today only for a PLANNED action).',
  })
  startedOn?: string | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'When it was completed (COMPLETED only; not before `startedOn`, not after today).',
  })
  completedOn?: string | null;
}

/** The kinds of sub-record of an agreement that can be voided. */
export enum VoidedRecordKind {
  DELIBERATION = 'DELIBERATION',
  ACTION = 'ACTION',
  STEP = 'STEP',
  FUNDING = 'FUNDING',
}

registerEnumType(VoidedRecordKind, {
  name: 'VoidedRecordKind',
  description: 'What kind of record of an agreement was voided.',
  valuesConfig: {
    DELIBERATION: { description: "A council's deliberation (`voidDeliberation`)." },
    ACTION: { description: 'An action (`voidAction`).' },
    STEP: {
      description: 'A step of the legal path (`voidStep`, or with the deliberation it followed from).',
    },
    FUNDING: { description: 'A budget line or co-financing (`voidFunding`).' },
  },
});

@ObjectType({
  description:
    'A record of an agreement voided as recorded in error: gone from its lists and from every count, kept for ' +
    'the record with the day and the reason (the audit trail says who).',
})
export class VoidedRecord {
  @Field(() => VoidedRecordKind, { description: 'What kind of record it was.' })
  kind: VoidedRecordKind;

  @Field({
    description:
      'What it was: "SIGNED step", "action “Mission d’experts”", "deliberation of 03.231.01.0", ' +
      '"budget line of 150000.00 EUR".',
  })
  description: string;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'The date it carried, when it had one (a budget line has years, no date: null).',
  })
  date: string | null;

  @Field(() => LocalDateResolver, { description: 'The day it was voided.' })
  voidedOn: string;

  @Field({ description: 'Why it was voided.' })
  reason: string;
}
