import { SetMetadata, applyDecorators } from '@nestjs/common';
import {
  ApiExtension,
  ApiForbiddenResponse,
  ApiSecurity,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Role } from '@inventory/access-control';

export const ACCESS_METADATA = 'inventory:access';
export const PUBLIC = 'public';
export const API_KEY_SECURITY = 'api-key';

/**
 * The roles that may call a route (or every route of a controller). A route without it admits
 * only admin, so a route added without a thought is closed, not open.
 */
export function Access(...roles: Role[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ACCESS_METADATA, roles),
    // In the OpenAPI document too, so clients (and the access tests) can read who may call what.
    ApiExtension('x-roles', roles),
    ApiSecurity(API_KEY_SECURITY),
    ApiUnauthorizedResponse({ description: 'No API key in x-api-key, or one that is unknown or revoked' }),
    ApiForbiddenResponse({ description: `The key has none of the roles ${roles.join(', ')}` }),
    ApiTooManyRequestsResponse({ description: "The key's rate limit was reached; see Retry-After" }),
  );
}

/** A route anyone may call: health checks, and links that carry their own signature. */
export const PublicRoute = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(ACCESS_METADATA, PUBLIC), ApiExtension('x-public', true));
