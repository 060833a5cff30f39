import { HttpStatus } from '@nestjs/common';
import { ApiError } from '@inventory/service-runtime';
import { isDeepStrictEqual } from 'node:util';

/** A request as it is kept beside what it did (jsonb): plain JSON, no class instances. */
export const storedRequest = (request: object): object => JSON.parse(JSON.stringify(request));

/**
 * A request sent again under an id already used: the same request is a replay (its first answer
 * stands, nothing is applied again); another one under the same id is a mistake the caller must
 * hear about, a 409 `<code>` naming the id's field, never a silent replay of something else.
 */
export function assertSameRequest(
  stored: unknown,
  request: object,
  { field, code, what }: { field: string; code: string; what: string },
): void {
  if (isDeepStrictEqual(stored, storedRequest(request))) return;
  const id = (request as Record<string, unknown>)[field];
  throw ApiError.forFields(HttpStatus.CONFLICT, code, `This ${field} was used for another ${what}`, [
    { field, problems: [`"${String(id)}" names another ${what}`] },
  ]);
}
