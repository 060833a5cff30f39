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
 * PostgreSQL SQLSTATEs that say nothing about the event: the server going away or not taking
 * connections (class 08, 57P01-57P03, 53300 too many clients), a transaction that lost a race and
 * may simply run again (40001 serialization failure, 40P01 deadlock, 55P03 lock not available,
 * 57014 statement cancelled or timed out), and a server that cannot write for now (53100 disk full,
 * 53200 out of memory, 25006 read-only after a failover).
 */
const isPostgresUnavailable = (code: string) =>
  code.startsWith('08') ||
  [
    '57P01',
    '57P02',
    '57P03',
    '53300',
    '40001',
    '40P01',
    '55P03',
    '57014',
    '53100',
    '53200',
    '25006',
  ].includes(code);

/** What node-postgres and the pool say when a connection is lost or cannot be had. */
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /terminating connection due to administrator command/i,
  /the database system is (shutting down|starting up|in recovery mode)/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
];
