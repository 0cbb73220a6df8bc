import { describe, expect, it } from 'vitest';
import { dashboardFile } from '../../gateway/dashboard/serve';
import { Role } from '../shared/identity';
import type { OutboxEvent } from '../shared/notification-event';
import type { AuditedType } from '../shared/writes';
import { linkOf } from './notification.derive';

const TYPES: AuditedType[] = [
  'Partnership',
  'CooperationRequest',
  'Membership',
  'Event',
  'Experience',
  'Territory',
  'Inbox',
];

const eventAbout = (type: AuditedType): OutboxEvent => ({
  id: '00000000-0000-4000-8000-000000000000',
  source: 'partnerships',
  at: '2026-12-07T09:00:00.000Z',
  action: 'anything',
  type,
  recordId: 'demo-r-0002',
  version: 1,
  actor: { subject: 'someone', role: Role.ADMIN, territories: [], networks: [] },
  changes: {},
  facts: { public: true, parties: ['03.231.01.0'], networks: [], title: 'A record', demo: false },
});

describe('the link of a notification', () => {
  it.each(TYPES)('of a %s is a page the dashboard serves', (type) => {
    const link = linkOf(eventAbout(type));
    const pathname = link.split('#')[0];
    expect(dashboardFile(pathname), link).toBeDefined();
  });
});

describe('the link of a notification about a type it does not know', () => {
  it('is the dashboard, not an error that would refuse the whole batch', () => {
    const unknown = { ...eventAbout('Partnership'), type: 'Unicorn' as AuditedType };
    expect(linkOf(unknown)).toBe('/dashboard');
  });
});
