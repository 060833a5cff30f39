import { ValidateBy, ValidationOptions, buildMessage, isEmail } from 'class-validator';

/** C0 controls but tab, line feed and carriage return, and DEL: PostgreSQL cannot even store NUL. */
const isControl = (code: number) =>
  (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f;

/**
 * A UTF-16 surrogate without its pair: JSON carries it escaped, and PostgreSQL's jsonb and text
 * refuse it (a 500 where a 400 belongs).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isText = (value: unknown, maxLength: number): value is string => {
  if (typeof value !== 'string' || value.length > maxLength) return false;
  for (let i = 0; i < value.length; i++) if (isControl(value.charCodeAt(i))) return false;
  return isWellFormedText(value);
};

/**
 * Free text (names, descriptions, addresses, messages): a string of at most `maxLength`
 * characters without control characters, so what passes validation can be stored and printed.
 */
export function IsText(maxLength: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isText',
      constraints: [maxLength],
      validator: {
        validate: (value: unknown) => isText(value, maxLength),
        defaultMessage: buildMessage(
          (each) =>
            `${each}$property must be text of at most ${maxLength} characters without control characters`,
          options,
        ),
      },
    },
    options,
  );
}

/** Whether a string has no UTF-16 surrogate without its pair. */
export const isWellFormedText = (value: string): boolean => !LONE_SURROGATE.test(value);

/**
 * An email address. validator.js's isEmail throws (URIError) on a surrogate without its pair
 * instead of answering false: a 500 where a 400 belongs, so such a string is refused first.
 */
export const isEmailAddress = (value: unknown): value is string =>
  typeof value === 'string' && isWellFormedText(value) && isEmail(value);

/** The decorator of `isEmailAddress`, used instead of class-validator's IsEmail everywhere. */
export function IsEmailAddress(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isEmailAddress',
      validator: {
        validate: (value: unknown) => isEmailAddress(value),
        defaultMessage: buildMessage((each) => `${each}$property must be an email`, options),
      },
    },
    options,
  );
}
