import { HttpStatus } from '@nestjs/common';
import { API_KEY_MISSING } from '@inventory/access-control';
import { NextFunction, Request, Response } from 'express';
import { ErrorBody } from '../http-errors';
import { presentedApiKey } from './api-key.guard';

/**
 * Express middleware before the body parsers: a request with a body but no API key is refused
 * unread. The key guard runs only after the body is parsed, and no public route takes a body, so
 * this spares the service parsing up to JSON_BODY_LIMIT for anyone who can reach the port.
 */
export function refuseAnonymousBodies(request: Request, response: Response, next: NextFunction): void {
  const length = request.headers['content-length'];
  const hasBody =
    (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
  if (hasBody && !presentedApiKey(request.headers)) {
    response.setHeader('connection', 'close'); // the body is not read, so the connection cannot be reused
    const { code, message } = API_KEY_MISSING;
    response
      .status(HttpStatus.UNAUTHORIZED)
      .json({ statusCode: HttpStatus.UNAUTHORIZED, code, message } satisfies ErrorBody);
    return;
  }
  next();
}
