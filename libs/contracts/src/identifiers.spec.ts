import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import fc from 'fast-check';
import { IsText, isEmailAddress, isText } from './text';
import {
  IsCode,
  IsCodePrefix,
  IsIntegerId,
  MAX_INTEGER_ID,
  identifierProblem,
  isIdentifier,
} from './identifiers';

class Probe {
  @IsCode() readonly sku!: unknown;
}
class Many {
  @IsCode({ each: true }) readonly channels!: unknown;
}
class Prefix {
  @IsCodePrefix() readonly skuPrefix!: unknown;
}
class Stock {
  @IsIntegerId(1) readonly stockId!: unknown;
}

const problems = <T extends object>(type: new () => T, value: object) =>
  validateSync(plainToInstance(type, value)).flatMap((error) => Object.values(error.constraints ?? {}));

const IDENTIFIER_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-';
const ALNUM = IDENTIFIER_CHARS.slice(0, 62);
const identifier = fc
  .tuple(fc.constantFrom(...ALNUM), fc.string({ unit: fc.constantFrom(...IDENTIFIER_CHARS), maxLength: 63 }))
  .map(([first, rest]) => first + rest);

describe('identifiers (SKUs, codes, ids)', () => {
  it('accepts every string of the allowed characters up to 64, starting with a letter or digit', () => {
    fc.assert(
      fc.property(identifier, (value) => {
        expect(isIdentifier(value)).toBe(true);
        expect(problems(Probe, { sku: value })).toEqual([]);
      }),
    );
    for (const sku of ['HDB-001', '24-MB01', 'MH01-XS-Black', 'shopify:1001', 'a', 'x'.repeat(64)]) {
      expect(isIdentifier(sku)).toBe(true);
    }
  });

  it('refuses anything else with one message naming the field and the rule', () => {
    const notIdentifier = fc.oneof(
      fc.string().filter((s) => !/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/.test(s)),
      fc.string({ unit: 'grapheme', minLength: 1 }).filter((s) => [...s].some((c) => c.charCodeAt(0) > 127)),
      identifier.map((s) => `${s}${'y'.repeat(65 - s.length)}`),
      fc.anything().filter((value) => typeof value !== 'string'),
    );
    fc.assert(
      fc.property(notIdentifier, (value) => {
        expect(isIdentifier(value)).toBe(false);
        expect(problems(Probe, { sku: value })).toEqual([
          'sku must be 1 to 64 characters: letters A-Z, digits, ".", "_", ":" or "-", starting with a letter or digit',
        ]);
      }),
    );
    for (const sku of [
      '',
      ' HDB',
      'HDB 001',
      'HDB/001',
      '-HDB',
      'ÄPFEL',
      'ＨＤＢ',
      'sku\n',
      'x'.repeat(65),
    ]) {
      expect(isIdentifier(sku)).toBe(false);
    }
  });

  it('checks each element of a list and says so', () => {
    expect(problems(Many, { channels: ['base', 'us web'] })).toEqual([
      'each value in channels must be 1 to 64 characters: letters A-Z, digits, ".", "_", ":" or "-", starting with a letter or digit',
    ]);
  });

  it('explains a CSV cell', () => {
    expect(identifierProblem('')).toBe('is empty');
    expect(identifierProblem('HDB 001')).toMatch(/^must be 1 to 64 characters/);
    expect(identifierProblem('HDB-001')).toBeUndefined();
  });

  it('takes any start of an identifier as a prefix', () => {
    expect(problems(Prefix, { skuPrefix: '' })).toEqual([]);
    expect(problems(Prefix, { skuPrefix: '-HDB' })).toEqual([]);
    expect(problems(Prefix, { skuPrefix: 'HDB%' })).toHaveLength(1);
    expect(problems(Prefix, { skuPrefix: 'x'.repeat(65) })).toHaveLength(1);
  });

  it('keeps stock ids within a PostgreSQL integer', () => {
    expect(problems(Stock, { stockId: MAX_INTEGER_ID })).toEqual([]);
    expect(problems(Stock, { stockId: MAX_INTEGER_ID + 1 })).toEqual([
      'stockId must not be greater than 2147483647',
    ]);
    expect(problems(Stock, { stockId: 0 })).toEqual(['stockId must not be less than 1']);
    expect(problems(Stock, { stockId: 1.5 })).toEqual(['stockId must be an integer number']);
  });
});

describe('free text', () => {
  class Named {
    @IsText(10) readonly name!: unknown;
  }

  it('takes printable text with tabs and line breaks, up to its length', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 10 }).filter((s) => s.length <= 10 && isText(s, 10)),
        (name) => {
          expect(problems(Named, { name })).toEqual([]);
        },
      ),
    );
    expect(problems(Named, { name: 'Ost\tLager\n' })).toEqual([]);
    expect(problems(Named, { name: 'crème 🍰' })).toEqual([]); // a surrogate pair is one character
  });

  it('refuses control characters PostgreSQL cannot store or a log should not carry, and overlong text', () => {
    for (const name of [
      'a\u0000b',
      'bell\u0007',
      '\u001b[31m',
      'del\u007f',
      'x'.repeat(11),
      5,
      null,
      'half\ud800',
      '\udc00x',
    ]) {
      expect(problems(Named, { name })).toEqual([
        'name must be text of at most 10 characters without control characters',
      ]);
    }
  });
});

describe('email addresses', () => {
  it("refuses a surrogate without its pair instead of throwing as validator.js's isEmail does", () => {
    expect(isEmailAddress('ada@example.com')).toBe(true);
    expect(isEmailAddress('\ud800@example.com')).toBe(false);
    expect(isEmailAddress('ad\udc00a@example.com')).toBe(false);
    expect(isEmailAddress(42)).toBe(false);
  });
});
