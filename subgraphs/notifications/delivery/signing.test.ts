import { describe, expect, it } from 'vitest';
import { BadUserInputError } from '../../shared/errors';
import { checkWebhookUrl } from './rules';
import { nextDigestAt, parseDeliverySettings, retryDelayMs } from './settings';
import { signatureHeader, verifyWebhookSignature } from './signing';

const secret = 'whsec_test';
const body = '{"id":"n1","kind":"PROPOSAL_RECEIVED"}';
const now = Date.parse('2026-12-07T10:00:00Z');
const t = Math.floor(now / 1000);

describe('webhook signatures', () => {
  it('verifies a body signed with the secret at a recent time', () => {
    const header = signatureHeader(secret, body, t);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, header, body, 300, now)).toBe(true);
    expect(verifyWebhookSignature(secret, header, Buffer.from(body), 300, now + 299_000)).toBe(true);
  });

  it('refuses another secret, a changed body, a moved timestamp and an old signature', () => {
    const header = signatureHeader(secret, body, t);
    expect(verifyWebhookSignature('whsec_other', header, body, 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, header, body.replace('n1', 'n2'), 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, header.replace(`t=${t}`, `t=${t + 1}`), body, 300, now)).toBe(
      false,
    );
    expect(verifyWebhookSignature(secret, header, body, 300, now + 301_000)).toBe(false);
  });

  it('refuses malformed headers without throwing, and accepts any one matching v1 (secret rotation)', () => {
    for (const header of [null, '', 'garbage', `t=${t}`, 'v1=abc', `t=x,v1=${'0'.repeat(64)}`])
      expect(verifyWebhookSignature(secret, header, body, 300, now)).toBe(false);
    const good = signatureHeader(secret, body, t).split(',')[1];
    expect(verifyWebhookSignature(secret, `t=${t},v1=${'0'.repeat(64)},${good}`, body, 300, now)).toBe(true);
  });
});

describe('retries and digests', () => {
  it('doubles the delay at each attempt from the base, up to the cap', () => {
    const settings = { retryBaseMs: 1000, retryMaxMs: 10_000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, settings))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });

  it('reads its settings from the environment, with defaults, and names every bad variable', () => {
    const settings = parseDeliverySettings({}, '/srv/app');
    expect(settings).toMatchObject({
      maxAttempts: 30,
      retryBaseMs: 30_000,
      timeoutMs: 10_000,
      smtpUrl: null,
    });
    expect(settings.mailDir).toBe('/srv/app/.data/mail');
    expect(() => parseDeliverySettings({ WEBHOOK_MAX_ATTEMPTS: '0', SMTP_URL: 'http://x' })).toThrow(
      /SMTP_URL.*WEBHOOK_MAX_ATTEMPTS/,
    );
  });

  it('sends the digest at the next 07:00 UTC', () => {
    expect(nextDigestAt(new Date('2026-12-07T06:59:59Z')).toISOString()).toBe('2026-12-07T07:00:00.000Z');
    expect(nextDigestAt(new Date('2026-12-07T07:00:00Z')).toISOString()).toBe('2026-12-08T07:00:00.000Z');
    expect(nextDigestAt(new Date('2026-12-31T23:00:00Z')).toISOString()).toBe('2027-01-01T07:00:00.000Z');
  });
});

describe('webhook URLs', () => {
  it('takes https://, and http://localhost only outside production', () => {
    expect(checkWebhookUrl(' https://partner.example/hook ', true)).toBe('https://partner.example/hook');
    expect(checkWebhookUrl('http://127.0.0.1:9000/h', false)).toBe('http://127.0.0.1:9000/h');
    expect(checkWebhookUrl('http://localhost/h', false)).toBe('http://localhost/h');
    for (const [url, production] of [
      ['http://localhost/h', true],
      ['http://partner.example/h', false],
      ['ftp://partner.example/h', false],
      ['https://user:pw@partner.example/h', false],
      ['not a url', false],
    ] as const)
      expect(() => checkWebhookUrl(url, production)).toThrow(BadUserInputError);
  });
});
