import { describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { parseSubgraphConfig } from '../../shared/config';
import { smtpTransportOptions } from './mailer';
import { LEASE_MS } from './queue';
import { MAX_TIMEOUT_MS, parseDeliverySettings, retryDelayMs } from './settings';

describe('the delivery settings in the subgraph’s configuration', () => {
  it('retry for about a day by default: a receiver down for hours still gets its deliveries', () => {
    const settings = parseDeliverySettings({});
    let total = 0;
    for (let attempts = 1; attempts < settings.maxAttempts; attempts++)
      total += retryDelayMs(attempts, settings);
    expect(total).toBeGreaterThan(20 * 3_600_000);
    expect(total).toBeLessThan(30 * 3_600_000);
    expect(retryDelayMs(1, settings)).toBe(30_000);
    expect(settings.audienceTtlDays).toBe(90);
    expect(parseDeliverySettings({ NOTIFICATION_AUDIENCE_TTL_DAYS: '7' }).audienceTtlDays).toBe(7);
  });

  it('refuse a receiver timeout that could outlast the claim’s lease (a second instance would send again)', () => {
    expect(parseDeliverySettings({ WEBHOOK_TIMEOUT_MS: '30000' }).timeoutMs).toBe(30_000);
    expect(() => parseDeliverySettings({ WEBHOOK_TIMEOUT_MS: '120000' })).toThrow(
      /WEBHOOK_TIMEOUT_MS must be an integer between 1 and 30000/,
    );
    expect(() => parseDeliverySettings({ NOTIFICATION_AUDIENCE_TTL_DAYS: '0' })).toThrow(
      /NOTIFICATION_AUDIENCE_TTL_DAYS/,
    );
    expect(MAX_TIMEOUT_MS * 2).toBeLessThanOrEqual(LEASE_MS);
  });

  it('give up on an SMTP server well before the lease runs out (nodemailer’s defaults wait minutes)', () => {
    const transport = nodemailer.createTransport(smtpTransportOptions('smtp://user:pw@mail.example:587'));
    const options = transport.options as Record<string, unknown>;
    expect(options).toMatchObject({ host: 'mail.example', port: 587 });
    for (const name of ['connectionTimeout', 'greetingTimeout', 'socketTimeout'])
      expect(options[name], name).toBeLessThanOrEqual(LEASE_MS / 2);
    transport.close();
  });

  it('are read with the rest of the notifications subgraph’s variables, paths from the project root', () => {
    const config = parseSubgraphConfig(
      'notifications',
      {
        WEBHOOK_MAX_ATTEMPTS: '3',
        DELIVERY_POLL_MS: '50',
        SMTP_URL: 'smtp://mail:25',
        NODE_ENV: 'development',
      },
      '/srv',
    );
    expect(config.delivery).toMatchObject({
      maxAttempts: 3,
      pollMs: 50,
      smtpUrl: 'smtp://mail:25',
      mailDir: '/srv/.data/mail',
      production: false,
    });
    expect(parseSubgraphConfig('events', { WEBHOOK_MAX_ATTEMPTS: 'many' }, '/srv').delivery).toBeNull();
  });

  it('refuse to start with one message naming every bad variable, never the SMTP password', () => {
    const bad = () =>
      parseSubgraphConfig(
        'notifications',
        {
          PORT_NOTIFICATIONS: 'x',
          WEBHOOK_MAX_ATTEMPTS: '0',
          WEBHOOK_RETRY_BASE_MS: '5000',
          WEBHOOK_RETRY_MAX_MS: '1000',
          DELIVERY_POLL_MS: 'often',
          SMTP_URL: 'mail://user:hunter2@mail',
          MAIL_FROM: 'nobody',
        },
        '/srv',
      );
    expect(bad).toThrow(/^Invalid configuration of subgraph notifications:\n/);
    const message = (() => {
      try {
        bad();
      } catch (error) {
        return (error as Error).message;
      }
    })()!;
    for (const name of [
      'PORT_NOTIFICATIONS',
      'WEBHOOK_MAX_ATTEMPTS',
      'WEBHOOK_RETRY_MAX_MS',
      'DELIVERY_POLL_MS',
      'SMTP_URL',
      'MAIL_FROM',
    ])
      expect(message).toContain(name);
    expect(message).not.toContain('hunter2');
  });
});
