import { BadUserInputError } from '../../shared/errors';
import { NOTIFICATION_KINDS, type NotificationKind } from '../kinds';
import { webhookTargetProblem } from './targets';

/** Hosts a webhook may use over plain `http://`, outside production only (a developer's receiver). */
const LOCAL_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** BAD_USER_INPUT naming `input.url` unless `url` is `https://`, or local `http://` outside production. */
export function checkWebhookUrl(raw: string, production: boolean): string {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BadUserInputError(`"${text.slice(0, 40)}" is not a URL`, 'input.url');
  }
  // The stored text is the serialised URL (percent-encoded): its length is the one the column holds.
  if (text.length > 2048 || url.toString().length > 2048)
    throw new BadUserInputError('url must be at most 2048 characters once encoded', 'input.url');
  if (url.username || url.password)
    throw new BadUserInputError('url must not carry credentials: the signature authenticates', 'input.url');
  if (url.protocol === 'https:') return url.toString();
  if (url.protocol === 'http:' && !production && LOCAL_HOSTS.includes(url.hostname)) return url.toString();
  throw new BadUserInputError(
    production
      ? 'A webhook URL must start with https://'
      : 'A webhook URL must start with https:// (or http://localhost / http://127.0.0.1 in development)',
    'input.url',
  );
}

/**
 * In production, BAD_USER_INPUT naming `input.url` when its host is or resolves to an internal address
 * (loopback, private, link-local, metadata…: `targets.ts`) or does not resolve. A URL that does not parse
 * is left to `checkWebhookUrl`.
 */
export async function checkWebhookTarget(raw: string, production: boolean): Promise<void> {
  if (!production || !URL.canParse(raw.trim())) return;
  const problem = await webhookTargetProblem(new URL(raw.trim()));
  if (problem) throw new BadUserInputError(problem, 'input.url');
}

/** The kinds chosen: null for every kind; BAD_USER_INPUT for an empty list. Duplicates are dropped. */
export function checkKinds(
  kinds: readonly NotificationKind[] | null | undefined,
  field: string,
): NotificationKind[] | null {
  if (kinds == null) return null;
  if (kinds.length === 0)
    throw new BadUserInputError(`${field} must name at least one kind (omit it for all)`, field);
  return NOTIFICATION_KINDS.filter((k) => kinds.includes(k));
}

const EMAIL = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;

/** The address trimmed, or null; BAD_USER_INPUT naming `input.email` for one that is not an address. */
export function checkEmail(raw: string | null | undefined): string | null {
  const email = raw?.trim() || null;
  if (email && (email.length > 254 || !EMAIL.test(email)))
    throw new BadUserInputError(`"${email.slice(0, 40)}" is not an e-mail address`, 'input.email');
  return email;
}
