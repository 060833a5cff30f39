import { HttpStatus } from '@nestjs/common';
import { ApiError } from '@inventory/service-runtime';
import { EntityManager } from 'typeorm';

/** Which of these codes name existing sources. */
export async function existingSourceCodes(tx: EntityManager, codes: readonly string[]): Promise<Set<string>> {
  const known: { code: string }[] = await tx.query(`SELECT code FROM sources WHERE code = ANY($1)`, [
    [...new Set(codes)],
  ]);
  return new Set(known.map((row) => row.code));
}

/** Every code must name an existing source; each unknown one is a 400 at its field. */
export async function rejectUnknownSources(
  tx: EntityManager,
  references: readonly { code: string; field: string }[],
): Promise<void> {
  const known = await existingSourceCodes(
    tx,
    references.map((reference) => reference.code),
  );
  const errors = references
    .filter((reference) => !known.has(reference.code))
    .map((reference) => ({
      field: reference.field,
      problems: [`source "${reference.code}" does not exist`],
    }));
  if (errors.length)
    throw ApiError.forFields(HttpStatus.BAD_REQUEST, 'unknown_source', 'Unknown source code', errors);
}
