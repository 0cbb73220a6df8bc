import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Role } from '../shared/identity';
import type { OutboxEvent, RecordFacts } from '../shared/notification-event';
import { NOTIFICATION_KINDS } from './kinds';
import { deriveNotifications, lookupsNeeded, notificationId } from './notification.derive';
import { NOTIFICATION_RULES, type Lookups } from './notification.rules';
import { projectRoot } from '../shared/project';
import { tablePaths, withTable } from './notification.rules-doc';

const FES = '03.231.01.0';
const MONTPELLIER = 'FR-montpellier';
const BARCELONA = 'ES-barcelona';
const noLookups: Lookups = { candidates: () => [], members: () => [], name: () => null };

function event(
  action: string,
  type: OutboxEvent['type'],
  actor: Partial<OutboxEvent['actor']>,
  facts: Partial<RecordFacts>,
): OutboxEvent {
  return {
    id: 'e-1',
    source: 'partnerships',
    at: '2026-01-01T10:00:00.000Z',
    action,
    type,
    recordId: 'r-1',
    version: 2,
    actor: { subject: 'someone', role: Role.TERRITORY_OFFICER, territories: [], networks: [], ...actor },
    changes: {},
    facts: { public: true, parties: [], networks: [], title: 'Un accord', demo: false, ...facts },
  };
}

const told = (e: OutboxEvent, lookups = noLookups) =>
  deriveNotifications(e, lookups).map((n) => `${n.kind}→${n.audience}`);

describe('the rules table', () => {
  it('has one row per kind, each kind once', () => {
    expect(NOTIFICATION_RULES.map((r) => r.kind).sort()).toEqual([...NOTIFICATION_KINDS].sort());
  });

  const files = tablePaths().map((file) => path.relative(projectRoot(), file));
  it.each(files)('is the table of %s (regenerate it with notification.rules-doc.js)', (file) => {
    const doc = fs.readFileSync(path.join(projectRoot(), file), 'utf8');
    expect(withTable(doc)).toBe(doc);
  });
});

describe('who is told', () => {
  it('tells the requester of a proposal, and not the proposer who made it', () => {
    const proposed = event(
      'proposeToRequest',
      'CooperationRequest',
      { territories: [MONTPELLIER] },
      {
        parties: [FES],
        proposer: MONTPELLIER,
      },
    );
    expect(told(proposed)).toEqual([`PROPOSAL_RECEIVED→territory:${FES}`]);
  });

  it('tells the other proposers that their proposals are declined when the requester accepts one, or closes the request', () => {
    const accepted = event(
      'acceptProposal',
      'CooperationRequest',
      { territories: [FES] },
      {
        parties: [FES],
        status: 'MATCHED',
        proposer: MONTPELLIER,
        declinedProposers: [BARCELONA, 'IT-torino'],
      },
    );
    expect(told(accepted)).toEqual([
      `PROPOSAL_ACCEPTED→territory:${MONTPELLIER}`,
      `PROPOSAL_DECLINED→territory:${BARCELONA}`,
      'PROPOSAL_DECLINED→territory:IT-torino',
    ]);
    const [declined] = deriveNotifications(accepted, noLookups).filter((n) => n.kind === 'PROPOSAL_DECLINED');
    expect(declined.body).toContain('une autre proposition a été retenue');
    const alone = { ...accepted, facts: { ...accepted.facts, declinedProposers: [] } };
    expect(told(alone)).toEqual([`PROPOSAL_ACCEPTED→territory:${MONTPELLIER}`]);
    const closed = event(
      'closeCooperationRequest',
      'CooperationRequest',
      { territories: [FES] },
      { parties: [FES], status: 'CLOSED', declinedProposers: [BARCELONA] },
    );
    expect(told(closed)).toEqual([`PROPOSAL_DECLINED→territory:${BARCELONA}`]);
    expect(told({ ...closed, facts: { ...closed.facts, public: false } })).toEqual([
      `PROPOSAL_DECLINED→territory:${BARCELONA}`,
    ]);
    const declinedOne = event(
      'declineProposal',
      'CooperationRequest',
      { territories: [FES] },
      { parties: [FES], proposer: BARCELONA },
    );
    expect(told(declinedOne)).toEqual([`PROPOSAL_DECLINED→territory:${BARCELONA}`]);
  });

  it('names the proposer in French and Arabic, asking the territories for the names it lacks', () => {
    const proposed = event(
      'proposeToRequest',
      'CooperationRequest',
      { territories: [MONTPELLIER] },
      { parties: [FES], proposer: MONTPELLIER },
    );
    expect(lookupsNeeded([proposed]).territories).toEqual([MONTPELLIER]);
    const named: Lookups = {
      ...noLookups,
      name: (id) => (id === MONTPELLIER ? { fr: 'Montpellier', ar: 'مونبلييه' } : null),
    };
    const [received] = deriveNotifications(proposed, named);
    expect(received.body).toBe('Montpellier propose un partenariat sur votre demande « Un accord ».');
    expect(received.bodyAr).toBe('اقترحت مونبلييه شراكة بشأن طلبكم «Un accord».');
    expect(received.body).not.toContain(MONTPELLIER);
    // Without an Arabic name, the French one; without any name, the id.
    const latin: Lookups = { ...noLookups, name: () => ({ fr: 'Montpellier', ar: null }) };
    expect(deriveNotifications(proposed, latin)[0].bodyAr).toContain('Montpellier');
    expect(deriveNotifications(proposed, noLookups)[0].body).toContain(MONTPELLIER);
    // A name the writer gave is kept, and not asked for.
    const given = { ...proposed, facts: { ...proposed.facts, proposerName: 'Ville de Montpellier' } };
    expect(lookupsNeeded([given]).territories).toEqual([]);
    expect(deriveNotifications(given, named)[0].body).toContain('Ville de Montpellier propose');
    // An event that tells nobody asks for no name.
    const own = event(
      'proposeToRequest',
      'CooperationRequest',
      { territories: [FES] },
      { parties: [FES], proposer: MONTPELLIER },
    );
    expect(lookupsNeeded([{ ...own, action: 'updateCooperationRequest' }]).territories).toEqual([]);
  });

  it('asks the ministry for its approval once the agreement becomes DELIBERATED, not on a later deliberation', () => {
    const facts = { public: false, parties: [FES, MONTPELLIER], status: 'DELIBERATED' };
    const first = event(
      'recordDeliberation',
      'Partnership',
      { territories: [FES] },
      { ...facts, previousStatus: 'NEGOTIATION' },
    );
    expect(told(first)).toEqual([
      `DELIBERATION_RECORDED→territory:${MONTPELLIER}`,
      'APPROVAL_REQUESTED→ministry',
    ]);
    const again = event(
      'recordDeliberation',
      'Partnership',
      { territories: [FES] },
      { ...facts, previousStatus: 'DELIBERATED' },
    );
    expect(told(again)).toEqual([`DELIBERATION_RECORDED→territory:${MONTPELLIER}`]);
  });

  it('tells no audience of the actor: the party that signs is not told of its own signature', () => {
    const signed = event(
      'signPartnership',
      'Partnership',
      { territories: [FES] },
      {
        parties: [FES, MONTPELLIER],
        status: 'SIGNED',
      },
    );
    expect(told(signed)).toEqual([`AGREEMENT_SIGNED→territory:${MONTPELLIER}`]);
    const byMinistry = event('signPartnership', 'Partnership', { role: Role.MINISTRY }, signed.facts);
    expect(told(byMinistry)).toEqual([
      `AGREEMENT_SIGNED→territory:${FES}`,
      `AGREEMENT_SIGNED→territory:${MONTPELLIER}`,
    ]);
  });

  it('tells the members of a network of a public record, but of a record the public may not see only its secretariat', () => {
    const lookups: Lookups = { ...noLookups, members: () => [FES, 'MA-other', MONTPELLIER] };
    const joined = (isPublic: boolean) =>
      event(
        'addMembership',
        'Membership',
        { role: Role.NETWORK_SECRETARIAT, networks: ['other-network'] },
        {
          public: isPublic,
          parties: [MONTPELLIER],
          networks: ['uclg'],
        },
      );
    expect(told(joined(true), lookups)).toEqual([
      'NETWORK_MEMBER_JOINED→network:uclg',
      `NETWORK_MEMBER_JOINED→territory:${FES}`,
      'NETWORK_MEMBER_JOINED→territory:MA-other',
    ]);
    expect(told(joined(false), lookups)).toEqual(['NETWORK_MEMBER_JOINED→network:uclg']);
  });

  it('tells the fitting territories of a new open request, never the requester, and asks for the matching only then', () => {
    const created = event(
      'createCooperationRequest',
      'CooperationRequest',
      { territories: [FES] },
      {
        parties: [FES],
        status: 'OPEN',
      },
    );
    expect(lookupsNeeded([created])).toEqual({ requests: ['r-1'], networks: [], territories: [] });
    const lookups: Lookups = { ...noLookups, candidates: () => [MONTPELLIER, FES] };
    expect(told(created, lookups)).toEqual([`REQUEST_MATCHES_PROFILE→territory:${MONTPELLIER}`]);
    const updated = { ...created, action: 'updateCooperationRequest' };
    expect(lookupsNeeded([updated])).toEqual({ requests: [], networks: [], territories: [] });
  });

  it('announces an event to its networks when published, not while it is a draft', () => {
    const lookups: Lookups = { ...noLookups, members: () => [MONTPELLIER] };
    const draft = event(
      'createEvent',
      'Event',
      { territories: [FES] },
      { public: false, parties: [FES], networks: ['uclg'] },
    );
    expect(told(draft, lookups)).toEqual([]);
    const published = { ...draft, action: 'publishEvent', facts: { ...draft.facts, public: true } };
    expect(told(published, lookups)).toEqual([
      'NETWORK_EVENT_ANNOUNCED→network:uclg',
      `NETWORK_EVENT_ANNOUNCED→territory:${MONTPELLIER}`,
    ]);
  });

  it('tells a network’s secretariat nothing of an experience or event the public may not see', () => {
    const lookups: Lookups = { ...noLookups, members: () => [MONTPELLIER] };
    const hidden = event(
      'publishExperience',
      'Experience',
      { territories: [FES] },
      { public: false, parties: [FES], networks: ['uclg'] },
    );
    expect(told(hidden, lookups)).toEqual([]);
    expect(told({ ...hidden, type: 'Event', action: 'publishEvent' }, lookups)).toEqual([]);
  });

  it('leaves out only the audiences the actor acts for: an administrator’s deliberation still asks the ministry', () => {
    const deliberated = (role: Role) =>
      event(
        'recordDeliberation',
        'Partnership',
        { role },
        { parties: [FES, MONTPELLIER], status: 'DELIBERATED', previousStatus: 'NEGOTIATION' },
      );
    expect(told(deliberated(Role.ADMIN))).toContain('APPROVAL_REQUESTED→ministry');
    expect(told(deliberated(Role.MINISTRY))).not.toContain('APPROVAL_REQUESTED→ministry');
    const bySecretariat = event(
      'correctMembership',
      'Membership',
      { role: Role.NETWORK_SECRETARIAT, networks: ['uclg'] },
      { parties: [FES], networks: ['uclg'] },
    );
    expect(told(bySecretariat)).toEqual([`RECORD_CORRECTED→territory:${FES}`]);
  });

  it('names the territory that joins a network, in French and Arabic, asking the territories for its name', () => {
    const joined = event(
      'addMembership',
      'Membership',
      { territories: [MONTPELLIER] },
      { parties: [MONTPELLIER], networks: ['uclg'], title: 'CGLU' },
    );
    expect(lookupsNeeded([joined]).territories).toEqual([MONTPELLIER]);
    const named: Lookups = { ...noLookups, name: () => ({ fr: 'Montpellier', ar: 'مونبلييه' }) };
    const [notice] = deriveNotifications(joined, named);
    expect(notice.body).toBe('Montpellier rejoint le réseau « CGLU ».');
    expect(notice.bodyAr).toBe('انضمت مونبلييه إلى الشبكة «CGLU».');
  });

  it('tells the parties of a correction or a void, with the same id each time (stored once)', () => {
    const voided = event(
      'voidDeliberation',
      'Partnership',
      { role: Role.MINISTRY },
      { parties: [FES], voided: true },
    );
    const [first] = deriveNotifications(voided, noLookups);
    expect(first).toMatchObject({
      kind: 'RECORD_VOIDED',
      audience: `territory:${FES}`,
      link: '/dashboard/agreement/r-1',
    });
    expect(first.id).toBe(notificationId('e-1', 'RECORD_VOIDED', `territory:${FES}`));
    expect(
      told({
        ...voided,
        action: 'correctStepDate',
        facts: { ...voided.facts, voided: false, corrected: true },
      }),
    ).toEqual([`RECORD_CORRECTED→territory:${FES}`]);
  });
});
