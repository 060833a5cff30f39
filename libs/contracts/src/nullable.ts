import { ValidateIf } from 'class-validator';

/** The condition of `Nullable`: the compiled JSON Schemas recognise it (`anyOf: [..., null]`). */
export const isNotNull = (_: object, value: unknown): boolean => value !== null;

/**
 * The property may be null, which skips its other validators; it is still required (undefined is
 * validated, and refused). For "may be absent or null" use `IsOptional` alone.
 */
export const Nullable = (): PropertyDecorator => ValidateIf(isNotNull);
