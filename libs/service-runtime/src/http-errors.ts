import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import {
  FieldError,
  Refusal,
  RefusalKind,
  flattenValidationErrors,
  messageWithFields,
} from '@inventory/contracts';
import { WrongExpectedRevisionError } from '@inventory/event-store';
import { isInfrastructureUnavailable } from '@inventory/messaging';
import { Response } from 'express';

/** The JSON body of every error response: a machine code, a message, and bad fields if any. */
export interface ErrorBody {
  readonly statusCode: number;
  readonly code: string;
  readonly message: string;
  readonly errors?: readonly FieldError[];
  /** Readiness: each check and its state. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** How HTTP answers a decider's Refusal of each kind. */
const STATUS_OF_REFUSAL: Record<RefusalKind, HttpStatus> = {
  conflict: HttpStatus.CONFLICT,
  not_found: HttpStatus.NOT_FOUND,
  invalid: HttpStatus.BAD_REQUEST,
};

/** An HTTP error with the machine code callers switch on. */
export class ApiError extends HttpException {
  constructor(status: HttpStatus, code: string, message: string, errors?: readonly FieldError[]) {
    super({ statusCode: status, code, message, errors } satisfies ErrorBody, status);
  }

  /** One error per bad field, e.g. `items.1.sourceCode: source "x" does not exist`. */
  static forFields(
    status: HttpStatus,
    code: string,
    message: string,
    errors: readonly FieldError[],
  ): ApiError {
    return new ApiError(status, code, messageWithFields(message, errors), errors);
  }

  /** A decider's refusal, answered with the status of its kind. */
  static ofRefusal(refusal: Refusal): ApiError {
    return ApiError.forFields(
      STATUS_OF_REFUSAL[refusal.kind],
      refusal.code,
      refusal.message,
      refusal.errors ?? [],
    );
  }

  static notFound(code: string, message: string): ApiError {
    return new ApiError(HttpStatus.NOT_FOUND, code, message);
  }
}

/** Validation errors name every bad field: `items.0.quantity must not be less than 0`. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    // A misspelt field is an error naming it, not a silently ignored value.
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors: ValidationError[]) => {
      const fields = flattenValidationErrors(errors);
      const summary = fields.map((f) => `${f.field}: ${f.problems.join(', ')}`).join('; ');
      return new ApiError(HttpStatus.BAD_REQUEST, 'validation_failed', summary || 'Invalid request', fields);
    },
  });
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  422: 'unprocessable',
  503: 'unavailable',
};

const UNAVAILABLE: ErrorBody = {
  statusCode: HttpStatus.SERVICE_UNAVAILABLE,
  code: 'unavailable',
  message: 'A database or broker this service needs is unavailable for the moment; retry shortly',
};

const WRITE_CONTENTION: ErrorBody = {
  statusCode: HttpStatus.SERVICE_UNAVAILABLE,
  code: 'write_contention',
  message: 'Others are changing the same stock right now; retry shortly',
};

/** PostgreSQL's serialization failure or deadlock: a transaction that lost a race to another. */
const lostRace = (error: unknown): boolean => {
  const { code, driverError } = (error ?? {}) as { code?: unknown; driverError?: { code?: unknown } };
  return ['40001', '40P01'].includes(String(code ?? driverError?.code));
};

/** Every error leaves as an ErrorBody; unexpected ones as a 500 without internals. */
@Catch()
export class ErrorBodyFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorBodyFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof WrongExpectedRevisionError || lostRace(exception)) {
      // A write that lost to other writers (a hot SKU in a sale, a row created meanwhile):
      // contention, not a bug, and the caller may try again at once.
      this.logger.warn(`Answered 503 write_contention: ${(exception as Error).message}`);
      response.setHeader('retry-after', '1');
      response.status(HttpStatus.SERVICE_UNAVAILABLE).json(WRITE_CONTENTION);
      return;
    }
    if (isInfrastructureUnavailable(exception)) {
      // The database restarting is not the caller's fault nor a bug: say when to try again.
      this.logger.warn(`Answered 503: ${exception instanceof Error ? exception.message : String(exception)}`);
      response.setHeader('retry-after', '1');
      response.status(HttpStatus.SERVICE_UNAVAILABLE).json(UNAVAILABLE);
      return;
    }
    // A decider's refusal: the caller's request, not a bug (404, 409 or 400 by its kind).
    const answered = exception instanceof Refusal ? ApiError.ofRefusal(exception) : exception;
    response.status(this.statusOf(answered)).json(this.bodyOf(answered));
  }

  private statusOf(exception: unknown): number {
    if (exception instanceof HttpException) return exception.getStatus();
    return clientErrorOf(exception)?.status ?? HttpStatus.INTERNAL_SERVER_ERROR;
  }

  private bodyOf(exception: unknown): ErrorBody {
    const clientError = clientErrorOf(exception);
    if (clientError) {
      return {
        statusCode: clientError.status,
        code: CODE_BY_STATUS[clientError.status] ?? `http_${clientError.status}`,
        message: clientError.message,
      };
    }
    if (!(exception instanceof HttpException)) {
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
      return { statusCode: 500, code: 'internal_error', message: 'Internal server error' };
    }
    const status = exception.getStatus();
    const body = exception.getResponse();
    if (typeof body === 'object' && body !== null && 'code' in body) return body as ErrorBody;
    const readiness = notReady(body);
    if (readiness) return { statusCode: status, code: 'not_ready', ...readiness };
    const message =
      typeof body === 'string'
        ? body
        : exception instanceof BadRequestException
          ? String((body as { message?: unknown }).message ?? exception.message)
          : exception.message;
    return { statusCode: status, code: CODE_BY_STATUS[status] ?? `http_${status}`, message };
  }
}

/** A failed health check (Terminus) says which of its checks are down and why. */
function notReady(body: unknown): { message: string; details: Record<string, unknown> } | undefined {
  const { status, error, details } = (body ?? {}) as { status?: unknown; error?: object; details?: object };
  if (status !== 'error' || !error || !details) return undefined;
  return {
    message: `Not ready: ${Object.keys(error).join(', ')} down`,
    details: details as Record<string, unknown>,
  };
}

/**
 * Errors from Express middleware (body-parser: a body too large, JSON that does not parse) carry
 * a 4xx `status` and `expose: true` (http-errors); they are the client's, not ours.
 */
function clientErrorOf(exception: unknown): { status: number; message: string } | undefined {
  const { status, expose, message } = (exception ?? {}) as {
    status?: unknown;
    expose?: unknown;
    message?: unknown;
  };
  if (typeof status === 'number' && status >= 400 && status < 500 && expose === true) {
    return { status, message: typeof message === 'string' ? message : 'Bad request' };
  }
  return undefined;
}

/**
 * The status of a write that is idempotent by an id of the caller's: 201 for what it applied now,
 * 200 for the answer to a retry of what it applied before (`alreadyApplied`).
 */
export function withReplayStatus<T extends { readonly alreadyApplied?: boolean }>(
  response: { status(code: number): unknown },
  answer: T,
): T {
  response.status(answer.alreadyApplied ? HttpStatus.OK : HttpStatus.CREATED);
  return answer;
}
