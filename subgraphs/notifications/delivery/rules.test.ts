import { describe, expect, it } from 'vitest';
import { checkWebhookUrl } from './rules';

describe('a webhook URL', () => {
  it('is refused when its encoded form (the one stored, at most 2048) is too long, not only its text', () => {
    const text = `https://partner.example/${'é'.repeat(1000)}`;
    expect(text.length).toBeLessThan(2048);
    expect(() => checkWebhookUrl(text, false)).toThrow(/at most 2048 characters/);
    const fits = `https://partner.example/${'a'.repeat(1000)}`;
    expect(checkWebhookUrl(fits, false)).toBe(fits);
  });
});
