import { CanActivate, ExecutionContext, HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeyVerifier, Caller, Role } from '@inventory/access-control';
import { Request, Response } from 'express';
import { IncomingHttpHeaders } from 'node:http';
import { ErrorBody } from '../http-errors';
import { ACCESS_METADATA, PUBLIC } from './access.decorators';

export const API_KEY_HEADER = 'x-api-key';

/**
 * The key a request presents: the x-api-key header (docs/access-control.md), or `Authorization: Bearer <key>`
 * for clients that can only send that (Prometheus' scrape jobs).
 */
export function presentedApiKey(headers: IncomingHttpHeaders): string | undefined {
  const header = headers[API_KEY_HEADER];
  const key = Array.isArray(header) ? header[0] : header;
  if (key) return key;
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
  return bearer?.[1];
}

/** The request once its key is verified. */
export interface AuthenticatedRequest extends Request {
  caller?: Caller;
}

const refuse = (status: HttpStatus, code: string, message: string) =>
  new HttpException({ statusCode: status, code, message } satisfies ErrorBody, status);

/**
 * Every HTTP route but the public ones needs a valid key in x-api-key (401 without) with one of
 * the route's roles (403 otherwise).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly logger = new Logger(ApiKeyGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: ApiKeyVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access = this.reflector.getAllAndOverride<readonly Role[] | typeof PUBLIC | undefined>(
      ACCESS_METADATA,
      [context.getHandler(), context.getClass()],
    );
    if (access === PUBLIC) return true;
    const allowed: readonly Role[] = access ?? ['admin'];
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const verification = await this.verifier
      .verify(presentedApiKey(request.headers), request.ip)
      .catch((error) => {
        this.logger.error(`Cannot verify API keys: ${error}`);
        throw refuse(
          HttpStatus.SERVICE_UNAVAILABLE,
          'access_unavailable',
          'API keys cannot be checked right now',
        );
      });
    if (!verification.ok && verification.code === 'auth_rate_limited') {
      context
        .switchToHttp()
        .getResponse<Response>()
        .setHeader('retry-after', String(verification.retryAfterSeconds));
      throw refuse(HttpStatus.TOO_MANY_REQUESTS, verification.code, verification.message);
    }
    if (!verification.ok) throw refuse(HttpStatus.UNAUTHORIZED, verification.code, verification.message);
    const { caller } = verification;
    if (!caller.roles.some((role) => allowed.includes(role))) {
      throw refuse(
        HttpStatus.FORBIDDEN,
        'forbidden_role',
        `This route needs a key with the role ${allowed.join(' or ')}; this key has ${caller.roles.join(', ')}`,
      );
    }
    request.caller = caller;
    return true;
  }
}
