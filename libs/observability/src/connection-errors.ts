/** What every node-postgres connection is: an emitter of 'error'. */
interface Connection {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * pg-pool's `onConnect` option: each new connection keeps an error listener for its whole life.
 *
 * node-postgres emits 'error' on a connection the server drops while no query runs on it, and
 * pg-pool listens only while the connection sits idle in the pool. One that is checked out (between
 * two statements of a transaction, say) and dropped then (PostgreSQL restarting) raised an 'error'
 * event nobody heard, which ends the process. With this listener the error is logged, the
 * connection is useless, and the next statement on it fails like any other that met the outage
 * (retried, or answered 503).
 */
export function keepConnectionErrors(log: (message: string) => void): (connection: Connection) => void {
  return (connection) => {
    connection.on('error', (error) => log(`Database connection lost: ${error.message}`));
  };
}
