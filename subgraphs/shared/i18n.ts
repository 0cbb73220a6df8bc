import { Directive, Field, ObjectType, registerEnumType } from 'type-graphql';

/** The languages the hub carries names and texts in. */
export enum Language {
  FR = 'FR',
  AR = 'AR',
  EN = 'EN',
}

registerEnumType(Language, {
  name: 'Language',
  description: 'A language of the hub: French, Arabic or English.',
  valuesConfig: {
    FR: { description: 'French (français).' },
    AR: { description: 'Arabic (العربية).' },
    EN: { description: 'English.' },
  },
});

/** A text in the three languages of the hub; a language may be missing. */
@ObjectType({ description: 'A text in French, Arabic and English; a language may be missing (null).' })
@Directive('@shareable')
export class LocalizedText {
  @Field(() => String, { nullable: true, description: 'The French text.' })
  fr: string | null;

  @Field(() => String, { nullable: true, description: 'The Arabic text.' })
  ar: string | null;

  @Field(() => String, { nullable: true, description: 'The English text.' })
  en: string | null;
}

export interface Texts {
  fr?: string | null;
  ar?: string | null;
  en?: string | null;
}

// French first: it is the working language of Moroccan local authorities and of most of their partners.
const FALLBACK: Record<Language, (keyof Texts)[]> = {
  [Language.FR]: ['fr', 'en', 'ar'],
  [Language.EN]: ['en', 'fr', 'ar'],
  [Language.AR]: ['ar', 'fr', 'en'],
};

/** The text in `lang`, else the first one present along the fallback order (FR → EN → AR). */
export function pickText(texts: Texts, lang: Language = Language.FR): string | null {
  for (const key of FALLBACK[lang]) {
    const value = texts[key];
    if (value) return value;
  }
  return null;
}

export function localized(texts: Texts): LocalizedText {
  return Object.assign(new LocalizedText(), {
    fr: texts.fr ?? null,
    ar: texts.ar ?? null,
    en: texts.en ?? null,
  });
}

/**
 * Lower case, no accents, no Arabic diacritics, one alef (أ إ آ ٱ → ا), ه for ة, ي for ى, no tatweel: the
 * form names and texts are searched in ("Fes" finds "Fès", "اكادير" finds "أكادير"). The alefs are folded
 * before the decomposition (and after a composition, for a text typed decomposed), which would otherwise split "أ" into "ا" and a hamza mark. Arabic particles are
 * the business of `searchForms` (search-forms.ts), applied word by word on top of this.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[أإآٱ]/g, 'ا')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u064B-\u0652\u0670\u0640]/g, '')
    .replace(/ة/g, 'ه')
    .replace(/ى/g, 'ي')
    .toLowerCase()
    .replace(/[’'`-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
