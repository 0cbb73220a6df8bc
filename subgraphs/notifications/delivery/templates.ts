import type { NotificationForDelivery } from './module';

/** The languages of e-mails. */
export type MailLanguageCode = 'FR' | 'AR';

/** An e-mail's content. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

/** The fixed words of the templates, by language (the notification carries its own title and body). */
const WORDS: Record<
  MailLanguageCode,
  { open: string; digest: (n: number) => string; footer: string; dir: string; lang: string }
> = {
  FR: {
    open: 'Voir sur Passerelle',
    digest: (n) => `Passerelle : ${n} notification${n > 1 ? 's' : ''} du jour`,
    footer:
      'Vous recevez ce message selon vos préférences de notification sur Passerelle (tableau de bord, Préférences).',
    dir: 'ltr',
    lang: 'fr',
  },
  AR: {
    open: 'عرض على باسرِيل',
    digest: (n) => `باسرِيل: ملخص اليوم (${n})`,
    footer: 'تصلكم هذه الرسالة وفق تفضيلات الإشعارات الخاصة بكم على باسرِيل (لوحة القيادة، التفضيلات).',
    dir: 'rtl',
    lang: 'ar',
  },
};

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** The absolute link of a notification's record on the dashboard. */
export const absoluteLink = (publicUrl: string, link: string) => `${publicUrl.replace(/\/+$/, '')}${link}`;

function localized(n: NotificationForDelivery, language: MailLanguageCode) {
  return language === 'AR'
    ? { title: n.titleAr || n.title, body: n.bodyAr || n.body }
    : { title: n.title, body: n.body };
}

function page(language: MailLanguageCode, inner: string): string {
  const w = WORDS[language];
  return (
    `<!doctype html><html lang="${w.lang}" dir="${w.dir}"><head><meta charset="utf-8"></head>` +
    `<body dir="${w.dir}" style="font-family:sans-serif;max-width:40em">${inner}` +
    `<p style="color:#666;font-size:small">${escapeHtml(w.footer)}</p></body></html>`
  );
}

function item(n: NotificationForDelivery, language: MailLanguageCode, publicUrl: string) {
  const { title, body } = localized(n, language);
  const url = absoluteLink(publicUrl, n.link);
  return {
    text: `${title}\n${body}\n${WORDS[language].open} : ${url}`,
    html:
      `<h2>${escapeHtml(title)}</h2><p>${escapeHtml(body)}</p>` +
      `<p><a href="${escapeHtml(url)}">${escapeHtml(WORDS[language].open)}</a></p>`,
  };
}

/** The e-mail of one notification. */
export function notificationMail(
  n: NotificationForDelivery,
  language: MailLanguageCode,
  publicUrl: string,
): MailContent {
  const { text, html } = item(n, language, publicUrl);
  const subject = `${language === 'AR' ? 'باسرِيل' : 'Passerelle'} : ${localized(n, language).title}`;
  return { subject, text: `${text}\n\n${WORDS[language].footer}\n`, html: page(language, html) };
}

/** The daily digest of one person: every waiting notification, oldest first. */
export function digestMail(
  items: NotificationForDelivery[],
  language: MailLanguageCode,
  publicUrl: string,
): MailContent {
  const parts = items.map((n) => item(n, language, publicUrl));
  return {
    subject: WORDS[language].digest(items.length),
    text: `${parts.map((p) => p.text).join('\n\n---\n\n')}\n\n${WORDS[language].footer}\n`,
    html: page(language, parts.map((p) => p.html).join('<hr>')),
  };
}
