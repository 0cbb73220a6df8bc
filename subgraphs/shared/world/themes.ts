/**
 * The themes of decentralized cooperation the hub classifies agreements, requests, events and
 * experiences by. A project vocabulary (not an official list), built from the subjects DOMAIN.md names;
 * each theme lists the SDGs it most often serves, which the demo generator uses.
 */
export interface ThemeDefinition {
  code: string;
  fr: string;
  en: string;
  ar: string;
  sdgs: number[];
}

export const THEMES: readonly ThemeDefinition[] = [
  {
    code: 'water-sanitation',
    fr: 'Eau et assainissement',
    en: 'Water and sanitation',
    ar: 'الماء والتطهير',
    sdgs: [6],
  },
  {
    code: 'solid-waste',
    fr: 'Gestion des déchets solides',
    en: 'Solid-waste management',
    ar: 'تدبير النفايات الصلبة',
    sdgs: [11, 12],
  },
  {
    code: 'urban-transport',
    fr: 'Transport urbain et mobilité',
    en: 'Urban transport and mobility',
    ar: 'النقل الحضري والتنقل',
    sdgs: [11],
  },
  {
    code: 'energy',
    fr: 'Transition énergétique',
    en: 'Energy transition',
    ar: 'الانتقال الطاقي',
    sdgs: [7, 13],
  },
  {
    code: 'climate',
    fr: 'Climat et environnement',
    en: 'Climate and environment',
    ar: 'المناخ والبيئة',
    sdgs: [13, 15],
  },
  { code: 'culture', fr: 'Culture', en: 'Culture', ar: 'الثقافة', sdgs: [11] },
  { code: 'heritage', fr: 'Patrimoine', en: 'Heritage', ar: 'التراث', sdgs: [11] },
  { code: 'tourism', fr: 'Tourisme', en: 'Tourism', ar: 'السياحة', sdgs: [8] },
  {
    code: 'economic-development',
    fr: 'Développement économique local',
    en: 'Local economic development',
    ar: 'التنمية الاقتصادية المحلية',
    sdgs: [8, 9],
  },
  {
    code: 'governance',
    fr: 'Gouvernance locale',
    en: 'Local governance',
    ar: 'الحكامة المحلية',
    sdgs: [16, 17],
  },
  {
    code: 'education',
    fr: 'Éducation et université',
    en: 'Education and university',
    ar: 'التعليم والجامعة',
    sdgs: [4],
  },
  { code: 'youth', fr: 'Jeunesse', en: 'Youth', ar: 'الشباب', sdgs: [4, 8] },
  {
    code: 'gender-equality',
    fr: 'Égalité femmes-hommes',
    en: 'Gender equality',
    ar: 'المساواة بين الجنسين',
    sdgs: [5],
  },
  { code: 'health', fr: 'Santé', en: 'Health', ar: 'الصحة', sdgs: [3] },
  {
    code: 'agriculture',
    fr: 'Agriculture et développement rural',
    en: 'Agriculture and rural development',
    ar: 'الفلاحة والتنمية القروية',
    sdgs: [2, 15],
  },
  {
    code: 'social-inclusion',
    fr: 'Inclusion sociale',
    en: 'Social inclusion',
    ar: 'الإدماج الاجتماعي',
    sdgs: [1, 10],
  },
  {
    code: 'urban-planning',
    fr: 'Urbanisme et aménagement',
    en: 'Urban planning',
    ar: 'التعمير وإعداد التراب',
    sdgs: [11],
  },
  { code: 'sport', fr: 'Sport', en: 'Sport', ar: 'الرياضة', sdgs: [3] },
  {
    code: 'digital',
    fr: 'Numérique et e-administration',
    en: 'Digital and e-government',
    ar: 'الرقمنة والإدارة الإلكترونية',
    sdgs: [9, 16],
  },
];

export const THEME_CODES: ReadonlySet<string> = new Set(THEMES.map((theme) => theme.code));
