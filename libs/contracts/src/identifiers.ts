import { IsInt, Max, Min, ValidateBy, ValidationOptions, buildMessage } from 'class-validator';

/**
 * The one rule for every identifier the platform is given: SKUs, source and sales-channel codes,
 * order, shipment, credit-memo and hold ids. They travel as Kafka keys, in URL paths, in stream
 * names and in CSV files, so they are plain ASCII without spaces or slashes: 1 to 64 letters,
 * digits, ".", "_", ":" or "-", starting with a letter or a digit.
 */
export const IDENTIFIER_MAX_LENGTH = 64;
const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
/** The same rule as a JSON Schema `pattern`. */
export const IDENTIFIER_PATTERN = IDENTIFIER.source;
/** What a search by prefix may contain: any start of an identifier. */
const IDENTIFIER_PREFIX = /^[A-Za-z0-9._:-]{0,64}$/;

export const IDENTIFIER_RULE =
  'be 1 to 64 characters: letters A-Z, digits, ".", "_", ":" or "-", starting with a letter or digit';

export const isIdentifier = (value: unknown): value is string =>
  typeof value === 'string' && IDENTIFIER.test(value);

/** Why a value is not an identifier, for checks outside class-validator (CSV rows); else undefined. */
export function identifierProblem(value: string): string | undefined {
  if (value === '') return 'is empty';
  return isIdentifier(value) ? undefined : `must ${IDENTIFIER_RULE}`;
}

/** SKUs, source and channel codes, order and document ids (see IDENTIFIER_RULE). */
export function IsCode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIdentifier',
      validator: {
        validate: isIdentifier,
        defaultMessage: buildMessage((each) => `${each}$property must ${IDENTIFIER_RULE}`, options),
      },
    },
    options,
  );
}

/** A prefix to search identifiers by (`?skuPrefix=`): the characters of an identifier, at most 64. */
export function IsCodePrefix(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIdentifierPrefix',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && IDENTIFIER_PREFIX.test(value),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be at most 64 letters A-Z, digits, ".", "_", ":" or "-"`,
          options,
        ),
      },
    },
    options,
  );
}

/** Stock ids and link priorities are PostgreSQL integers: whole numbers up to 2,147,483,647. */
export const MAX_INTEGER_ID = 2_147_483_647;

/** A stock id or a priority: a whole number from `min` that fits a PostgreSQL integer. */
export function IsIntegerId(min: number): PropertyDecorator {
  return (target, key) => {
    IsInt()(target, key);
    Min(min)(target, key);
    Max(MAX_INTEGER_ID)(target, key);
  };
}

/** One key for a (SKU, source) pair: the NUL cannot occur in either code (the rule above). */
export const pairKey = (sku: string, sourceCode: string) => `${sku}\u0000${sourceCode}`;
