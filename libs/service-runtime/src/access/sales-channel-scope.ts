import { ExecutionContext, HttpStatus, createParamDecorator } from '@nestjs/common';
import { Caller, mayActFor } from '@inventory/access-control';
import { ApiError } from '../http-errors';
import { AuthenticatedRequest } from './api-key.guard';

/** The verified caller of the request, for routes whose answer depends on the key's scope. */
export const CallerOf = createParamDecorator(
  (_: unknown, context: ExecutionContext): Caller | undefined =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().caller,
);

/**
 * 403 `sales_channel_forbidden` naming `field` when the caller's key is scoped to other sales
 * channels (docs/access-control.md): a request that names a channel it may not act for.
 */
export function assertMayActFor(caller: Caller | undefined, salesChannel: string, field: string): void {
  if (mayActFor(caller, salesChannel)) return;
  throw ApiError.forFields(
    HttpStatus.FORBIDDEN,
    'sales_channel_forbidden',
    'This API key may not act for this sales channel',
    [
      {
        field,
        problems: [`this key acts for ${caller?.salesChannels?.join(', ')} only, not "${salesChannel}"`],
      },
    ],
  );
}
