import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { NotificationKind } from '../kinds';

/** The GraphQL face of preferences, webhooks and their deliveries. */

// NotificationKind is registered as a GraphQL enum by `../kinds.ts`.

export enum NotificationFrequency {
  IMMEDIATE = 'IMMEDIATE',
  DAILY_DIGEST = 'DAILY_DIGEST',
}
registerEnumType(NotificationFrequency, {
  name: 'NotificationFrequency',
  description: 'When e-mails are sent.',
  valuesConfig: {
    IMMEDIATE: { description: 'One e-mail per notification, as it comes.' },
    DAILY_DIGEST: {
      description: 'One e-mail a day (at 07:00 UTC) grouping the notifications of the day before.',
    },
  },
});

export enum MailLanguage {
  FR = 'FR',
  AR = 'AR',
}
registerEnumType(MailLanguage, {
  name: 'MailLanguage',
  description: 'The language of e-mails.',
  valuesConfig: { FR: { description: 'French.' }, AR: { description: 'Arabic (right to left).' } },
});

export enum DeliveryStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
}
registerEnumType(DeliveryStatus, {
  name: 'DeliveryStatus',
  description: 'Where a delivery stands.',
  valuesConfig: {
    PENDING: { description: 'Not sent yet: waiting for its first attempt or for a retry (`nextAttemptAt`).' },
    SENT: { description: 'Accepted by the receiver (an HTTP 2xx answer).' },
    FAILED: {
      description:
        'Given up after the last attempt; `retryWebhookDelivery` (or `retryFailedDeliveries`) queues it again.',
    },
  },
});

@ObjectType('NotificationPreferences', {
  description: 'How the viewer is told: which kinds, by e-mail or not, immediately or in a daily digest.',
})
export class NotificationPreferences {
  @Field(() => [NotificationKind], {
    description: 'The kinds the viewer is e-mailed about (all by default).',
  })
  kinds: NotificationKind[];

  @Field(() => Boolean, { description: 'Whether every kind is chosen, including kinds added later.' })
  allKinds: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'The address e-mails go to; null when none was given.',
  })
  email: string | null;

  @Field(() => Boolean, { description: 'Whether notifications are e-mailed (off by default).' })
  emailEnabled: boolean;

  @Field(() => NotificationFrequency, { description: 'Immediately, or in a daily digest.' })
  frequency: NotificationFrequency;

  @Field(() => MailLanguage, { description: 'The language of the e-mails.' })
  language: MailLanguage;

  @Field(() => [String], {
    description:
      'The audiences whose notifications are e-mailed (`ministry`, `territory:<id>`, `network:<id>`): those of ' +
      'the viewer’s latest token, refreshed whenever they read their preferences or notifications.',
  })
  audiences: string[];

  @Field(() => String, { nullable: true, description: 'When they were last set (ISO); null: the defaults.' })
  updatedAt: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'When a token last confirmed `audiences` (ISO; null: the defaults). No e-mail is sent once it is older ' +
      'than `NOTIFICATION_AUDIENCE_TTL_DAYS` (90 days by default), until the viewer comes back.',
  })
  audiencesConfirmedAt: string | null;
}

@InputType({ description: 'The viewer’s notification preferences, replacing the previous ones.' })
export class NotificationPreferencesInput {
  @Field(() => [NotificationKind], {
    nullable: true,
    description: 'The kinds to be e-mailed about; omitted or null: every kind (also those added later).',
  })
  kinds?: NotificationKind[] | null;

  @Field(() => String, { nullable: true, description: 'The e-mail address (required when `emailEnabled`).' })
  email?: string | null;

  @Field(() => Boolean, { defaultValue: false, description: 'Whether to be e-mailed.' })
  emailEnabled: boolean;

  @Field(() => NotificationFrequency, { defaultValue: NotificationFrequency.IMMEDIATE, description: 'When.' })
  frequency: NotificationFrequency;

  @Field(() => MailLanguage, { defaultValue: MailLanguage.FR, description: 'The language of the e-mails.' })
  language: MailLanguage;
}

@ObjectType('WebhookDelivery', {
  description: 'One signed call of a webhook: one notification sent to its URL.',
})
export class WebhookDelivery {
  @Field(() => ID, {
    description: 'The delivery id, sent as `Passerelle-Delivery` (the same at every attempt).',
  })
  id: string;

  @Field(() => ID, { description: 'The notification sent (the body’s `id`).' })
  notificationId: string;

  @Field(() => NotificationKind, { description: 'Its kind, sent as `Passerelle-Event`.' })
  kind: NotificationKind;

  @Field(() => DeliveryStatus, { description: 'Where it stands.' })
  status: DeliveryStatus;

  @Field(() => Int, { description: 'Attempts made so far.' })
  attempts: number;

  @Field(() => Int, {
    nullable: true,
    description: 'The HTTP status of the last answer; null: none (timeout, refused).',
  })
  lastStatusCode: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'The start of the last answer’s body, or why there was none (at most 500 characters).',
  })
  lastResponse: string | null;

  @Field(() => String, { nullable: true, description: 'When the next attempt is due (ISO), while PENDING.' })
  nextAttemptAt: string | null;

  @Field(() => String, { description: 'When it was queued (ISO).' })
  createdAt: string;

  @Field(() => String, { nullable: true, description: 'When the receiver accepted it (ISO).' })
  sentAt: string | null;
}

@ObjectType('Webhook', {
  description: 'A partner application’s endpoint that receives signed notifications.',
})
export class Webhook {
  @Field(() => ID, { description: 'The subscription’s id.' })
  id: string;

  @Field(() => String, { description: 'The endpoint (https://; http://localhost outside production).' })
  url: string;

  @Field(() => [NotificationKind], { description: 'The kinds sent to it.' })
  kinds: NotificationKind[];

  @Field(() => Boolean, { description: 'Whether every kind is sent, including kinds added later.' })
  allKinds: boolean;

  @Field(() => String, {
    description: 'Whose notifications it receives: `ministry`, `territory:<id>` or `network:<id>`.',
  })
  audience: string;

  @Field(() => String, { description: 'When it was registered (ISO).' })
  createdAt: string;

  @Field(() => String, { description: 'The subject who registered it.' })
  createdBy: string;
}

@ObjectType('RegisteredWebhook', { description: 'A new webhook and its secret, shown this once.' })
export class RegisteredWebhook {
  @Field(() => Webhook, { description: 'The subscription.' })
  webhook: Webhook;

  @Field(() => String, {
    description:
      'The HMAC-SHA256 key of its signatures (`Passerelle-Signature`): keep it; it is never shown again ' +
      '(remove the webhook and register it again to get a new one).',
  })
  secret: string;
}

@InputType({ description: 'A webhook to register.' })
export class RegisterWebhookInput {
  @Field(() => String, {
    description: 'The endpoint: `https://…`; `http://localhost` or `http://127.0.0.1` outside production.',
  })
  url: string;

  @Field(() => [NotificationKind], { nullable: true, description: 'The kinds to send; omitted: every kind.' })
  kinds?: NotificationKind[] | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Whose notifications: `territory:<id>` (an officer of it), `network:<id>` (its secretariat) or `ministry` ' +
      '(ministry, administrator); omitted: the viewer’s only audience (BAD_USER_INPUT when it has several).',
  })
  audience?: string | null;
}
