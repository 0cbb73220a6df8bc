import { ArgsType, Field, ID, Int, ObjectType } from 'type-graphql';
import { PageArgs, PageInfo } from '../shared/pagination';
import { NotificationKind } from './kinds';

/** What a notification is about: the audited record. */
@ObjectType('NotificationRecord', { description: 'The record a notification is about.' })
export class NotificationRecord {
  @Field({
    description:
      'Its type: Partnership, CooperationRequest, Membership, Event, Experience or Territory (the audited types).',
  })
  type: string;

  @Field(() => ID, { description: 'Its id (query it with the matching query, e.g. `partnership(id:)`).' })
  id: string;
}

/** One notification as a reader sees it (the row plus whether this reader has read it). */
@ObjectType('Notification', {
  description:
    'Something a reader is told: a step of the cooperation lifecycle on a record they are party to, a request ' +
    'that fits their profile, news of their networks (docs/notifications.md). Addressed to an audience, not ' +
    'a person; read or not per reader.',
})
export class NotificationView {
  @Field(() => ID, { description: 'The identifier of the notification.' })
  id: string;

  @Field(() => NotificationKind, { description: 'What it is about (a row of `notificationRules`).' })
  kind: NotificationKind;

  @Field({
    description:
      'Whom it is addressed to: `ministry`, `territory:<id>` (the officers of a territory) or `network:<id>` ' +
      '(a network’s secretariat).',
  })
  audience: string;

  @Field(() => NotificationRecord, { description: 'The record it is about.' })
  record: NotificationRecord;

  /** French and Arabic texts, picked by the field resolvers. */
  titleFr: string;
  titleAr: string;
  bodyFr: string;
  bodyAr: string;

  @Field({ description: 'The path of the record on the dashboard (e.g. `/dashboard/agreement/<id>`).' })
  link: string;

  @Field({ description: 'When the change happened (ISO 8601 timestamp).' })
  at: string;

  @Field({ description: 'Whether this reader has marked it read.' })
  read: boolean;

  @Field({ description: 'True when it is about an invented (demo) record.' })
  demo: boolean;
}

@ObjectType('NotificationEdge', { description: 'One notification in a page, with its cursor.' })
export class NotificationEdge {
  @Field({ description: 'An opaque cursor for this notification.' })
  cursor: string;

  @Field(() => NotificationView, { description: 'The notification.' })
  node: NotificationView;
}

@ObjectType('NotificationConnection', {
  description: 'A page of a reader’s notifications, unread first then newest, with the counts.',
})
export class NotificationConnection {
  @Field(() => [NotificationEdge], { description: 'The notifications of this page with their cursors.' })
  edges: NotificationEdge[];

  @Field(() => [NotificationView], { description: 'The notifications of this page.' })
  nodes: NotificationView[];

  @Field(() => PageInfo, { description: 'Where this page stands.' })
  pageInfo: PageInfo;

  @Field(() => Int, { description: 'How many notifications the list holds, over all pages.' })
  totalCount: number;

  @Field(() => Int, {
    description: 'How many of the reader’s notifications are unread (whatever `unreadOnly`).',
  })
  unreadCount: number;
}

@ArgsType()
export class NotificationsArgs extends PageArgs {
  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: 'true: only the notifications this reader has not read. Default false: all, unread first.',
  })
  unreadOnly?: boolean | null;
}

/** One row of the rules table, as the graph shows it. */
@ObjectType('NotificationRule', {
  description: 'One row of the table of who is told what (docs/notifications.md): a kind, when, and to whom.',
})
export class NotificationRuleView {
  @Field(() => NotificationKind, { description: 'The kind of notification.' })
  kind: NotificationKind;

  @Field({ description: 'When it is sent (in English, as in docs/notifications.md).' })
  when: string;

  @Field({ description: 'Who is told (in English).' })
  who: string;

  /** The label in French and Arabic, picked by `label(lang)`. */
  labelFr: string;
  labelAr: string;
}
