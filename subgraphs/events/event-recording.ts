import { BadUserInputError } from '../shared/errors';
import { checkEvidence as checkSharedEvidence, EvidenceCaveat, type EvidenceInput } from '../shared/evidence';
import { checkText, optionalText } from '../shared/writes';
import { EventStatus } from './event.entity';
import { checkListSize } from './write-checks';

/**
 * How a new event is recorded, and what follows from it: the rule, as data, that `createEvent` consults
 * (and `event-recording.test.ts` walks). An event announced by its organisers is a plan: a DRAFT with its
 * days. An event recorded from public sources (a past summit, a row of a network's or the ministry's
 * register) happened or was announced in public: it is PUBLISHED at once, keeps the days its sources print
 * and no other, and may name its participants.
 */
export enum EventRecording {
  ANNOUNCED = 'ANNOUNCED',
  FROM_SOURCE = 'FROM_SOURCE',
}

export interface RecordingRule {
  /** What the case is, as a refusal says it. */
  meaning: string;
  /** Whether `startsOn` must be given. */
  startsOnRequired: boolean;
  /** What an absent `endsOn` means: the first day (a one-day event), or a day no source prints. */
  absentEndsOn: 'FIRST_DAY' | 'UNKNOWN';
  /** The status the event is created in. */
  status: EventStatus;
  /** Whether the working languages must be given (a source seldom prints them). */
  languagesRequired: boolean;
  /** Whether participants (`participantIds`, `participantNames`) and `evidence` may be given. */
  fromSource: boolean;
  /** Caveats the hub adds to the evidence when neither day is given. */
  undatedCaveats: readonly EvidenceCaveat[];
}

export const RECORDING_RULES: Record<EventRecording, RecordingRule> = {
  ANNOUNCED: {
    meaning: 'an event announced through the hub (no source given)',
    startsOnRequired: true,
    absentEndsOn: 'FIRST_DAY',
    status: EventStatus.DRAFT,
    languagesRequired: true,
    fromSource: false,
    undatedCaveats: [],
  },
  FROM_SOURCE: {
    meaning: 'an event recorded from its sources',
    startsOnRequired: false,
    absentEndsOn: 'UNKNOWN',
    status: EventStatus.PUBLISHED,
    languagesRequired: false,
    fromSource: true,
    undatedCaveats: [EvidenceCaveat.NO_DATE],
  },
};

/** An event is recorded from sources when its input gives at least one. */
export const recordingOf = (input: { sources?: readonly unknown[] | null }): EventRecording =>
  input.sources?.length ? EventRecording.FROM_SOURCE : EventRecording.ANNOUNCED;

/** The days of a new event under its rule; BAD_USER_INPUT on `input.startsOn` when one is required. */
export function newEventDays(
  rule: RecordingRule,
  input: { startsOn?: string | null; endsOn?: string | null },
): { startsOn: string | null; endsOn: string | null } {
  const startsOn = input.startsOn ?? null;
  if (rule.startsOnRequired && startsOn === null) {
    throw new BadUserInputError(
      `input.startsOn is required for ${rule.meaning}; only an event recorded from sources (input.sources) may ` +
        'leave a day no source prints unknown',
      'input.startsOn',
    );
  }
  const endsOn = input.endsOn ?? (rule.absentEndsOn === 'FIRST_DAY' ? startsOn : null);
  return { startsOn, endsOn };
}

/**
 * The evidence of a new event under its rule: none without sources (BAD_USER_INPUT when some is given), the
 * input's quote (≤ 500), caveats and note (≤ 2,000) otherwise, with the caveats the rule adds to an undated
 * event.
 */
export function checkEvidence(
  rule: RecordingRule,
  evidence: EvidenceInput | null | undefined,
  undated: boolean,
): { quote: string | null; caveats: EvidenceCaveat[]; note: string | null } {
  if (!rule.fromSource) {
    if (evidence) {
      throw new BadUserInputError(
        'input.evidence needs the sources it rests on (input.sources)',
        'input.evidence',
      );
    }
    return { quote: null, caveats: [], note: null };
  }
  const checked = checkSharedEvidence(evidence, 'input.evidence');
  const caveats = [...checked.caveats, ...(undated ? rule.undatedCaveats : [])];
  return { ...checked, caveats: [...new Set(caveats)] };
}

/** Participants named on creation: only for an event recorded from sources (one announced registers them). */
export function checkParticipantsAllowed(
  rule: RecordingRule,
  input: { participantIds?: readonly string[] | null; participantNames?: readonly string[] | null },
): void {
  if (rule.fromSource) return;
  for (const field of ['participantIds', 'participantNames'] as const) {
    if (input[field]?.length) {
      throw new BadUserInputError(
        `input.${field} is for an event recorded from sources; participants of ${rule.meaning} register once ` +
          'it is published (registerParticipant)',
        `input.${field}`,
      );
    }
  }
}

/** Participant names as written (1–200 characters each), duplicates dropped. */
export function checkParticipantNames(names: readonly string[], field: string): string[] {
  checkListSize(names, field);
  return [...new Set(names.map((name, i) => checkText(name, `${field}[${i}]`, 200)))];
}

/** A register's identifier of the record (`EV001`): 1–80 characters, trimmed; null when absent or blank. */
export function checkReference(reference: string | null | undefined, field: string): string | null {
  return optionalText(reference, field, 80);
}
