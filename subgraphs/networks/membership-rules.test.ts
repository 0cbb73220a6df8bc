import { describe, expect, it } from 'vitest';
import { checkDates } from '../shared/dates';
import { EvidenceCaveat } from '../shared/evidence';
import { Role, type Viewer } from '../shared/identity';
import { MembershipEntity, MembershipRole } from './membership.entity';
import { CorrectMembershipInput } from './membership.inputs';
import {
  basisOf,
  checkEvidence,
  corrected,
  mayWrite,
  MEMBERSHIP_BASES,
  MembershipBasis,
  membershipFacts,
  requireBasis,
  startOfInput,
} from './membership-rules';
import { checkSources } from '../shared/source';

const NOW = '2026-12-07';
const refusal = (facts: ReturnType<typeof membershipFacts>) => {
  try {
    checkDates(facts, NOW);
    return null;
  } catch (error) {
    return (error as { extensions: { field: string } }).extensions.field;
  }
};
const dates = (since: string, until: string | null, deliberationDate: string | null) => ({
  since,
  sinceYear: Number(since.slice(0, 4)),
  until,
  deliberationDate,
});
const ALL = { since: 'input.since', until: 'input.until', deliberationDate: 'input.deliberation.date' };

describe('the dates of a membership', () => {
  it('accept a planned start and a planned end', () => {
    expect(refusal(membershipFacts(dates('2027-01-15', '2029-01-01', '2026-11-20'), ALL))).toBeNull();
  });

  it('refuse a deliberation after today, or after the start, naming the field that was written', () => {
    expect(refusal(membershipFacts(dates('2027-01-15', null, '2027-01-02'), ALL))).toBe(
      'input.deliberation.date',
    );
    expect(refusal(membershipFacts(dates('2025-01-01', null, '2025-02-04'), { since: 'input.since' }))).toBe(
      'input.since',
    );
    expect(refusal(membershipFacts(dates('2025-01-01', null, '2025-02-04'), { deliberationDate: 'd' }))).toBe(
      'd',
    );
  });

  it('refuse an end before the start, and a start moved after the end', () => {
    expect(refusal(membershipFacts(dates('2025-03-01', '2025-02-28', null), { until: 'until' }))).toBe(
      'until',
    );
    expect(refusal(membershipFacts(dates('2025-03-01', '2025-03-01', null), { until: 'until' }))).toBeNull();
    expect(refusal(membershipFacts(dates('2026-03-01', '2025-03-01', null), { since: 'input.since' }))).toBe(
      'input.since',
    );
  });
});

describe('a correction', () => {
  const membership = Object.assign(new MembershipEntity(), {
    id: 'm-1',
    territoryId: '03.231.01.0',
    networkId: 'iclei',
    since: '2025-03-01',
    sinceYear: 2025,
    until: '2026-12-01',
    role: MembershipRole.MEMBER,
    deliberationDate: '2025-02-04',
    deliberationSession: 'Session de février',
    deliberationReference: 'D-1',
  });
  const input = (fields: Partial<CorrectMembershipInput>) =>
    Object.assign(new CorrectMembershipInput(), fields);

  it('changes only the fields given; an explicit null end clears it, an omitted one keeps it', () => {
    expect(corrected(membership, input({ role: MembershipRole.BOARD }))).toMatchObject({
      role: 'BOARD',
      until: '2026-12-01',
      since: '2025-03-01',
    });
    expect(corrected(membership, input({ until: null })).until).toBeNull();
    expect(corrected(membership, input({ since: '2024-05-01' }))).toMatchObject({
      since: '2024-05-01',
      sinceYear: 2024,
      deliberationDate: '2025-02-04',
    });
  });
});

describe('who may write a membership', () => {
  const viewer = (role: Role, more: Partial<Viewer> = {}): Viewer =>
    ({ role, subject: 'x', territories: [], networks: [], ...more }) as Viewer;

  it('is its network’s secretariat, the member’s officer, or an administrator', () => {
    expect(mayWrite(viewer(Role.ADMIN), 'iclei', 'FR-x')).toBe(true);
    expect(mayWrite(viewer(Role.NETWORK_SECRETARIAT, { networks: ['iclei'] }), 'iclei', 'FR-x')).toBe(true);
    expect(mayWrite(viewer(Role.NETWORK_SECRETARIAT, { networks: ['aimf'] }), 'iclei', 'FR-x')).toBe(false);
    expect(mayWrite(viewer(Role.TERRITORY_OFFICER, { territories: ['FR-x'] }), 'iclei', 'FR-x')).toBe(true);
    expect(mayWrite(viewer(Role.TERRITORY_OFFICER, { territories: ['FR-y'] }), 'iclei', 'FR-x')).toBe(false);
    expect(mayWrite(viewer(Role.MINISTRY), 'iclei', 'FR-x')).toBe(false);
  });
});

const fieldOf = (thunk: () => unknown): string | null => {
  try {
    thunk();
    return null;
  } catch (error) {
    return (error as { extensions: { field: string } }).extensions.field;
  }
};

describe('the basis of a membership', () => {
  it('is its deliberation first, else its sources, else the writer’s word', () => {
    expect(basisOf({ deliberation: true, sources: 2 })).toBe(MembershipBasis.DELIBERATED);
    expect(basisOf({ deliberation: false, sources: 1 })).toBe(MembershipBasis.DOCUMENTED);
    expect(basisOf({ deliberation: false, sources: 0 })).toBe(MembershipBasis.DECLARED);
  });

  it('is refused for a Moroccan member exactly where the table says, never for a foreign one', () => {
    for (const [basis, rule] of Object.entries(MEMBERSHIP_BASES)) {
      const refused = fieldOf(() =>
        requireBasis('03.231.01.03', basis as MembershipBasis, 'input.deliberation'),
      );
      expect(refused, basis).toBe(rule.moroccanMember ? null : 'input.deliberation');
      expect(
        fieldOf(() => requireBasis('FR-montpellier', basis as MembershipBasis, 'f')),
        basis,
      ).toBeNull();
    }
  });
});

describe('the start of a new membership', () => {
  it('is the day, or the year only, or both when they agree', () => {
    expect(startOfInput({ since: '2025-03-01' })).toEqual({ since: '2025-03-01', sinceYear: 2025 });
    expect(startOfInput({ sinceYear: 2025 })).toEqual({ since: null, sinceYear: 2025 });
    expect(startOfInput({ since: '2025-03-01', sinceYear: 2025 })).toEqual({
      since: '2025-03-01',
      sinceYear: 2025,
    });
  });

  it('is refused when missing, implausible, or when the year is not the day’s', () => {
    expect(fieldOf(() => startOfInput({}))).toBe('input.since');
    expect(fieldOf(() => startOfInput({ sinceYear: 19 }))).toBe('input.sinceYear');
    expect(fieldOf(() => startOfInput({ since: '2025-03-01', sinceYear: 2024 }))).toBe('input.sinceYear');
  });

  it('known to the year, accepts a deliberation of that year and refuses a later one', () => {
    const yearOnly = (deliberationDate: string) => ({
      since: null,
      sinceYear: 2025,
      until: null,
      deliberationDate,
    });
    const fields = { sinceYear: 'input.sinceYear', deliberationDate: 'input.deliberation.date' };
    expect(refusal(membershipFacts(yearOnly('2025-06-30'), fields))).toBeNull();
    expect(refusal(membershipFacts(yearOnly('2026-01-10'), fields))).toBe('input.sinceYear');
    expect(refusal(membershipFacts(yearOnly('2025-06-30'), { deliberationDate: 'd' }))).toBeNull();
  });
});

describe('sources and evidence of a written membership', () => {
  it('keep http(s) addresses once, and refuse anything else naming the source', () => {
    expect(
      checkSources(
        [
          { url: ' https://lnt.ma/a ', title: ' LNT ' },
          { url: 'https://lnt.ma/a' },
          { url: 'http://x.ma/b' },
        ],
        's',
      ),
    ).toEqual([
      { url: 'https://lnt.ma/a', title: 'LNT' },
      { url: 'http://x.ma/b', title: null },
    ]);
    expect(fieldOf(() => checkSources([{ url: 'https://a.ma' }, { url: 'ftp://x.ma/b' }], 's'))).toBe(
      's[1].url',
    );
    expect(fieldOf(() => checkSources([{ url: 'not a url' }], 's'))).toBe('s[0].url');
  });

  it('add YEAR_ONLY when the sources give the year only, and refuse evidence without sources', () => {
    const evidence = { quote: ' q ', caveats: [EvidenceCaveat.BLOG_OR_AGGREGATOR], note: null };
    expect(checkEvidence(evidence, { sources: 1, yearOnly: true }, 'e')).toMatchObject({
      quote: 'q',
      caveats: 'BLOG_OR_AGGREGATOR,YEAR_ONLY',
    });
    expect(checkEvidence(null, { sources: 1, yearOnly: false }, 'e').caveats).toBe('');
    expect(checkEvidence(null, { sources: 0, yearOnly: true }, 'e').caveats).toBe('');
    expect(fieldOf(() => checkEvidence(evidence, { sources: 0, yearOnly: false }, 'e'))).toBe('e');
  });
});
