import { ValidateBy, ValidationOptions, buildMessage } from 'class-validator';

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
  return !LONE_SURROGATE.test(value);
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
