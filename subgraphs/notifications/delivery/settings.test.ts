import { describe, expect, it } from 'vitest';
import { parseSubgraphConfig } from '../../shared/config';

describe('the delivery settings in the subgraph’s configuration', () => {
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
