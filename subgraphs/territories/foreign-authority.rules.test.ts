import { describe, expect, it } from 'vitest';
import { ROLES, Role, type Viewer } from '../shared/identity';
import { checkUrl } from '../shared/validate';
import {
  checkForeignCountry,
  checkNames,
  checkSources,
  findDuplicate,
  foreignIdOf,
  MAY_WRITE_FOREIGN_AUTHORITIES,
  mayWriteForeignAuthority,
  nameKey,
  slugOf,
} from './foreign-authority.rules';

const viewer = (role: Role): Viewer => ({
  subject: `test-${role}`,
  role,
  territories: role === Role.TERRITORY_OFFICER ? ['03.231.01.0'] : [],
  networks: role === Role.NETWORK_SECRETARIAT ? ['uclg'] : [],
});

const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { extensions: { code: string; field?: string } }).extensions;
  }
  throw new Error('expected a refusal');
};

describe('who may write a foreign local authority', () => {
  it('is the ministry, an administrator or a network secretariat, and no one else', () => {
    const expected: Record<Role, boolean> = {
      PUBLIC: false,
      TERRITORY_OFFICER: false,
      NETWORK_SECRETARIAT: true,
      MINISTRY: true,
      ADMIN: true,
    };
    for (const role of ROLES) {
      expect(MAY_WRITE_FOREIGN_AUTHORITIES[role], role).toBe(expected[role]);
      const verdict = mayWriteForeignAuthority(viewer(role), 'add one');
      expect(verdict.allowed, role).toBe(expected[role]);
      expect(verdict.message).toContain('ministry');
    }
  });
});

describe('the input of a foreign local authority', () => {
  it('refuses Morocco, an unknown country and a code that is not alpha-2, naming the field', () => {
    for (const code of ['MA', 'XX', 'es', 'ESP']) {
      expect(fieldOf(() => checkForeignCountry(code, 'input.countryCode'))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.countryCode',
      });
    }
    expect(() => checkForeignCountry('ES', 'input.countryCode')).not.toThrow();
  });

  it('wants a French or an English name, and an Arabic one only in Arabic script', () => {
    expect(fieldOf(() => checkNames({ ar: 'إشبيلية' }, 'input'))).toMatchObject({ field: 'input.nameFr' });
    expect(fieldOf(() => checkNames({ fr: '  ' }, 'input'))).toMatchObject({ field: 'input.nameFr' });
    expect(fieldOf(() => checkNames({ fr: 'Séville', ar: 'Sevilla' }, 'input'))).toMatchObject({
      field: 'input.nameAr',
    });
    expect(checkNames({ en: ' Seville ', ar: 'إشبيلية' }, 'input')).toEqual({
      fr: null,
      en: 'Seville',
      ar: 'إشبيلية',
    });
  });

  it('wants at least one http(s) source, without repeats', () => {
    expect(fieldOf(() => checkSources([], 'input.sources'))).toMatchObject({ field: 'input.sources' });
    expect(fieldOf(() => checkSources([{ url: 'ftp://example.org/a' }], 'input.sources'))).toMatchObject({
      field: 'input.sources.0.url',
    });
    expect(
      checkSources([{ url: ' https://example.org/a ' }, { url: 'https://example.org/a' }], 'input.sources'),
    ).toEqual([{ url: 'https://example.org/a', title: null }]);
  });

  it('takes an https:// website only', () => {
    for (const bad of ['http://www.sevilla.org', 'www.sevilla.org', 'https://localhost', 'https://a b.org']) {
      expect(
        fieldOf(() => checkUrl(bad, 'input.website', ['https:'], 500)),
        bad,
      ).toMatchObject({
        field: 'input.website',
      });
    }
    expect(checkUrl('https://www.sevilla.org/', 'input.website', ['https:'], 500)).toBe(
      'https://www.sevilla.org/',
    );
  });
});

describe('the duplicate rule and the id', () => {
  const seville = {
    id: 'ES-sevilla',
    nameFr: 'Séville',
    nameEn: 'Seville',
    nameAr: 'إشبيلية',
    isDemo: false,
  };

  it('folds case, accents, spaces and hyphens', () => {
    expect(nameKey('Saint-Étienne')).toBe(nameKey('SAINT ETIENNE'));
    expect(nameKey('Séville')).toBe(nameKey('seville'));
    expect(nameKey('Séville')).not.toBe(nameKey('Sevilla'));
  });

  it('finds a real authority of the country by any of its names in any language', () => {
    expect(findDuplicate({ en: 'SÉVILLE' }, [seville])).toBe(seville);
    expect(findDuplicate({ fr: 'Seville' }, [seville])).toBe(seville);
    expect(findDuplicate({ fr: 'Sevilla', ar: 'إشبيليّة' }, [seville])).toBe(seville);
    expect(findDuplicate({ fr: 'Cordoue' }, [seville])).toBeNull();
  });

  it('lets a real authority in beside a demo one of the same name, and ignores the one corrected', () => {
    expect(findDuplicate({ fr: 'Séville' }, [{ ...seville, isDemo: true }])).toBeNull();
    expect(findDuplicate({ fr: 'Séville' }, [seville], 'ES-sevilla')).toBeNull();
  });

  it('makes `<country>-<slug>` ids, numbered when taken', () => {
    expect(slugOf('Saint-Étienne-du-Rouvray')).toBe('saint-etienne-du-rouvray');
    expect(foreignIdOf('ES', { fr: 'Séville', en: 'Seville' }, new Set())).toBe('ES-seville');
    expect(foreignIdOf('ES', { en: 'A Coruña' }, new Set())).toBe('ES-a-coruna');
    expect(foreignIdOf('ES', { fr: 'Séville' }, new Set(['ES-seville', 'ES-seville-2']))).toBe(
      'ES-seville-3',
    );
    expect(foreignIdOf('DE', { fr: 'x'.repeat(80) }, new Set()).length).toBeLessThanOrEqual(53);
    expect(fieldOf(() => foreignIdOf('CN', { fr: '北京' }, new Set()))).toMatchObject({
      field: 'input.nameFr',
    });
  });
});
