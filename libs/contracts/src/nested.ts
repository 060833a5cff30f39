import { ValidateBy, ValidationOptions, buildMessage } from 'class-validator';

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A JSON object, not an array: beside `@ValidateNested`, which lets an array stand where an object
 * belongs (`items: [[]]` passed, and a consumer then read `line.sku` of an array).
 */
export function IsRecord(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRecord',
      validator: {
        validate: isRecord,
        defaultMessage: buildMessage((each) => `${each}$property must be an object`, options),
      },
    },
    options,
  );
}
