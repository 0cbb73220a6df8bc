import { describe, expect, it } from 'vitest';
import { checkDates } from '../shared/dates';
import { Role, type Viewer } from '../shared/identity';
import { MembershipEntity, MembershipRole } from './membership.entity';
import { CorrectMembershipInput } from './membership.inputs';
import { corrected, mayWrite, membershipFacts } from './membership-rules';

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
