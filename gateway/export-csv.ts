import type { CellType } from './export-table';

/**
 * The CSV side of the exports (`gateway/exports.ts`): what an export is asked for and what it answers, the
 * fixed labels in French, Arabic and English, and RFC 4180 writing with `,` or `;` between fields.
 */

export type Lang = 'fr' | 'ar' | 'en';

/** The field separators a CSV export may use (`sep=`). */
export const SEPARATORS = [';', ','] as const;
export type Separator = (typeof SEPARATORS)[number];

export interface ExportParameters {
  year: number | null;
  region: string | null;
  country: string | null;
  lang: Lang;
  /** `realOnly=true`: documented records only, demo records left out (the API's `realOnly`). */
  realOnly: boolean;
  /** The CSV field separator (`sep=`; by default `;` in French and Arabic, `,` in English). */
  sep: Separator;
}

/** A row an export left out because a record it shows names something the hub does not hold. */
export interface SkippedRow {
  /** The record (an agreement id) or the table row (`agreements_by_country:XX`). */
  id: string;
  /** What it names that is unknown (`territory ES-vejer`). */
  missing: string[];
}

/** What an export writes, and what it says about what it left out. */
export interface ExportResult {
  /** The header row, in the export's language. */
  header: string[];
  /** What each column holds, for the XLSX cells (dates as dates, numbers as numbers). */
  types: CellType[];
  /** The data rows, as wide as the header. */
  rows: unknown[][];
  skipped: SkippedRow[];
  /** Demo records left out by `realOnly` (0 without it). */
  demoExcluded: number;
}

/** Fixed labels of the enum keys in the three languages (the rest come translated from the API). */
export const LABELS: Record<string, Record<Lang, string>> = {
  TWINNING: { fr: 'Jumelage', ar: 'توأمة', en: 'Twinning' },
  COOPERATION_CONVENTION: {
    fr: 'Convention de coopération',
    ar: 'اتفاقية تعاون',
    en: 'Cooperation convention',
  },
  FRAMEWORK_AGREEMENT: { fr: 'Accord-cadre', ar: 'اتفاق إطار', en: 'Framework agreement' },
  PARTNERSHIP_AGREEMENT: { fr: 'Accord de partenariat', ar: 'اتفاقية شراكة', en: 'Partnership agreement' },
  PROTOCOL: { fr: 'Protocole', ar: 'بروتوكول', en: 'Protocol' },
  CHARTER: { fr: 'Charte', ar: 'ميثاق', en: 'Charter' },
  MEMORANDUM_OF_UNDERSTANDING: {
    fr: "Mémorandum d'entente",
    ar: 'مذكرة تفاهم',
    en: 'Memorandum of understanding',
  },
  OTHER: { fr: 'Autre', ar: 'أخرى', en: 'Other' },
  AMENDMENT: { fr: 'Avenant', ar: 'ملحق', en: 'Amendment' },
  DRAFT: { fr: 'Projet', ar: 'مشروع', en: 'Draft' },
  NEGOTIATION: { fr: 'En négociation', ar: 'قيد التفاوض', en: 'In negotiation' },
  DELIBERATED: { fr: 'Délibéré', ar: 'تمت المداولة', en: 'Deliberated' },
  APPROVED: { fr: 'Approuvé (visa)', ar: 'مؤشر عليه', en: 'Approved' },
  SIGNED: { fr: 'Signé', ar: 'موقع', en: 'Signed' },
  ACTIVE: { fr: 'Actif', ar: 'ساري', en: 'Active' },
  DORMANT: { fr: 'En sommeil', ar: 'خامد', en: 'Dormant' },
  EXPIRED: { fr: 'Échu', ar: 'منتهي', en: 'Expired' },
  TERMINATED: { fr: 'Résilié', ar: 'مفسوخ', en: 'Terminated' },
  SUPERSEDED: { fr: 'Remplacé', ar: 'مستبدل', en: 'Superseded' },
  // Events
  SEMINAR: { fr: 'Séminaire', ar: 'ندوة', en: 'Seminar' },
  TRAINING: { fr: 'Formation', ar: 'تكوين', en: 'Training' },
  STUDY_VISIT: { fr: "Visite d'étude", ar: 'زيارة دراسية', en: 'Study visit' },
  EXPERT_MISSION: { fr: "Mission d'expertise", ar: 'مهمة خبرة', en: 'Expert mission' },
  CONFERENCE: { fr: 'Conférence', ar: 'مؤتمر', en: 'Conference' },
  SUMMIT: { fr: 'Sommet', ar: 'قمة', en: 'Summit' },
  WEBINAR: { fr: 'Webinaire', ar: 'ندوة عبر الإنترنت', en: 'Webinar' },
  PUBLISHED: { fr: 'Publié', ar: 'منشور', en: 'Published' },
  CANCELLED: { fr: 'Annulé', ar: 'ملغى', en: 'Cancelled' },
  // Memberships
  MEMBER: { fr: 'Membre', ar: 'عضو', en: 'Member' },
  BOARD: { fr: "Conseil d'administration", ar: 'مجلس الإدارة', en: 'Board' },
  VICE_PRESIDENCY: { fr: 'Vice-présidence', ar: 'نيابة الرئاسة', en: 'Vice-presidency' },
  PRESIDENCY: { fr: 'Présidence', ar: 'الرئاسة', en: 'Presidency' },
  // Requests
  OPEN: { fr: 'Ouverte', ar: 'مفتوح', en: 'Open' },
  IN_DISCUSSION: { fr: 'En discussion', ar: 'قيد المناقشة', en: 'In discussion' },
  MATCHED: { fr: 'Partenaire trouvé', ar: 'تمت المطابقة', en: 'Matched' },
  CLOSED: { fr: 'Close', ar: 'مغلق', en: 'Closed' },
};

/** The bilan's count columns (the money columns and `demo` follow: `export-bilan.ts`). */
export const HEADERS: Record<'bilan', Record<Lang, string[]>> = {
  bilan: {
    fr: ['tableau', 'clé', 'libellé', 'nombre'],
    ar: ['الجدول', 'المفتاح', 'التسمية', 'العدد'],
    en: ['table', 'key', 'label', 'count'],
  },
};

/** The "dormant" column of the agreements: the API's `dormancy`, where "cannot tell" is not "no". */
export const DORMANCY: Record<string, Record<Lang, string>> = {
  DORMANT: { fr: 'oui', ar: 'نعم', en: 'yes' },
  NOT_DORMANT: { fr: 'non', ar: 'لا', en: 'no' },
  UNKNOWN: { fr: 'inconnu', ar: 'غير معروف', en: 'unknown' },
  NOT_APPLICABLE: { fr: 'sans objet', ar: 'لا ينطبق', en: 'n/a' },
};

export const label = (key: string, lang: Lang) => LABELS[key]?.[lang] ?? key;
export const yesNo = (value: boolean, lang: Lang) =>
  value ? { fr: 'oui', ar: 'نعم', en: 'yes' }[lang] : { fr: 'non', ar: 'لا', en: 'no' }[lang];

/**
 * One CSV field (RFC 4180): quoted when it holds a quote, the separator or a line break. A text a
 * spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR at the start) gets a leading apostrophe.
 */
export function csvField(value: unknown, sep: Separator = ','): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /["\r\n]/.test(text) || text.includes(sep) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV document: byte-order mark, CRLF line ends, `sep` between fields. */
export function toCsv(rows: unknown[][], sep: Separator = ','): string {
  const line = (row: unknown[]) => row.map((value) => csvField(value, sep)).join(sep);
  return '\uFEFF' + rows.map(line).join('\r\n') + '\r\n';
}
