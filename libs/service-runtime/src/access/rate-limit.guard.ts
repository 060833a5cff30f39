import { ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { ErrorBody } from '../http-errors';
import { AuthenticatedRequest } from './api-key.guard';

/**
 * Rate limits verified callers per API key, across all routes of the instance (the throttler's
 * default is per route and per IP). Public routes and refused requests are not counted. Answers
 * 429 with Retry-After and the X-RateLimit-* headers.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return context.getType() !== 'http' || !context.switchToHttp().getRequest<AuthenticatedRequest>().caller;
  }

  protected override async getTracker(request: Pick<AuthenticatedRequest, 'caller'>): Promise<string> {
    return request.caller?.keyId ?? 'anonymous'; // shouldSkip lets only verified callers here
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttler: string): string {
    return `${throttler}:${tracker}`;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const seconds = detail.ttl / 1000;
    throw new HttpException(
      {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        code: 'rate_limited',
        message: `This key may make ${detail.limit} requests per ${seconds === 1 ? 'second' : `${seconds} s`}; retry after ${detail.timeToBlockExpire} s`,
      } satisfies ErrorBody,
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
