import { describe, expect, it } from 'vitest';
import { foldForSearch } from './i18n';
import { ARABIC_PROCLITICS, arabicStems, MIN_ARABIC_STEM, searchForms } from './search-forms';

/** The shortest form of a word as typed: what is left once every particle it may carry is taken off. */
const stem = (word: string) =>
  searchForms(foldForSearch(word)).reduce((a, b) => (b.length < a.length ? b : a));

describe('Arabic particles (searchForms)', () => {
  it('takes off conjunctions, prepositions and the article, alone and combined', () => {
    expect(stem('وبالماء')).toBe('ماء');
    expect(stem('للتنمية')).toBe('تنميه');
    expect(stem('بشفشاون')).toBe('شفشاون');
    expect(stem('والتطهير')).toBe('تطهير');
    expect(stem('فالمدينة')).toBe('مدينه');
    expect(stem('كالعادة')).toBe('عاده');
    expect(stem('وللشباب')).toBe('شباب');
    expect(stem('فللجماعة')).toBe('جماعه');
    expect(stem('بالرباط')).toBe('رباط');
    expect(stem('وبأكادير')).toBe('اكادير');
  });

  it('keeps the word and every reading of its particles, so both directions match', () => {
    expect(searchForms('وبالماء')).toEqual(['وبالماء', 'ماء', 'الماء', 'بالماء']);
    expect(searchForms('الالتزام')).toEqual(['الالتزام', 'التزام']);
    expect(searchForms('التزام')).toEqual(['التزام', 'تزام']);
  });

  it(`leaves a stem of at least ${MIN_ARABIC_STEM} letters: "بحر", "الله" and "فاس" stay whole`, () => {
    for (const word of ['بحر', 'الله', 'فاس', 'ولد', 'لها']) expect(searchForms(word)).toEqual([word]);
    expect(arabicStems('بيت')).toEqual([]);
    expect(arabicStems('البيت')).toEqual(['بيت']);
  });

  it('changes nothing in French, English, digits or mixed words', () => {
    for (const word of ['eau', 'assainissement', 'lalla', 'water', '2030', 'c40', 'بwater'])
      expect(searchForms(word)).toEqual([word]);
  });

  it('knows the particle sequences of the rule, longest first', () => {
    for (const sequence of [
      'و',
      'ف',
      'ب',
      'ك',
      'ل',
      'ال',
      'لل',
      'وال',
      'بال',
      'فال',
      'كال',
      'ولل',
      'فلل',
      'وبال',
    ])
      expect(ARABIC_PROCLITICS).toContain(sequence);
    expect(ARABIC_PROCLITICS).not.toContain('لال');
    const lengths = ARABIC_PROCLITICS.map((sequence) => sequence.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => b - a));
  });
});

describe('foldForSearch', () => {
  it('turns every alef with hamza or madda into a plain alef, composed or typed decomposed', () => {
    expect(foldForSearch('أكادير')).toBe('اكادير');
    expect(foldForSearch('إنزكان')).toBe('انزكان');
    expect(foldForSearch('آسفي')).toBe('اسفي');
    expect(foldForSearch('\u0627\u0654كادير')).toBe('اكادير');
    expect(foldForSearch('مدرسةٌ كُبرى')).toBe('مدرسه كبري');
    expect(foldForSearch('Fès – Saint-Étienne')).toBe('fes – saint etienne');
  });
});
