/**
 * Whether an error says the infrastructure is away for a moment (PostgreSQL restarting, a
 * connection dropped), not that the event cannot be handled. Such a failure is retried for as long
 * as it lasts: dead-lettering an order because the database was restarting would lose it.
 */
export function isInfrastructureUnavailable(error: unknown): boolean {
  for (let cause: unknown = error, depth = 0; cause && depth < 5; depth++) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (NODE_NETWORK_CODES.has(code) || isPostgresUnavailable(code)))
      return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message)))
      return true;
    cause =
      (cause as { cause?: unknown; driverError?: unknown }).driverError ??
      (cause as { cause?: unknown }).cause;
  }
  return false;
}

const NODE_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/**
 * PostgreSQL SQLSTATEs of a server going away or not taking connections: class 08 (connection
 * exception), 57P01-57P03 (admin or crash shutdown, cannot connect now), 53300 (too many clients).
 */
const isPostgresUnavailable = (code: string) =>
  code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code);

/** What node-postgres and the pool say when a connection is lost or cannot be had. */
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /terminating connection due to administrator command/i,
  /the database system is (shutting down|starting up|in recovery mode)/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
];
