import { Client } from 'pg';

/**
 * Tables whose rows change in the background without any new input (the relay marks outbox rows
 * published): counted, not hashed. Every other table is hashed row by row.
 */
const COUNTED = new Set(['outbox', 'processed_events', 'migrations']);

/** What the four services have stored, per table: a hash of its rows (or their count). */
export type StateSnapshot = Record<string, string>;

/** Reads the state of the services' databases, to prove that a refusal changed nothing. */
export class StateProbe {
  private readonly clients: { service: string; client: Client }[];

  /** `databases`: the connection URL of each service's database, by service name. */
  constructor(databases: Readonly<Record<string, string>>) {
    this.clients = Object.entries(databases).map(([service, url]) => ({
      service,
      client: new Client({ connectionString: url }),
    }));
  }

  async connect(): Promise<void> {
    await Promise.all(this.clients.map(({ client }) => client.connect()));
  }

  async snapshot(): Promise<StateSnapshot> {
    const parts = await Promise.all(
      this.clients.map(async ({ service, client }) => {
        const { rows } = await client.query<{ table_name: string }>(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
        );
        const selects = rows.map(({ table_name: table }) =>
          COUNTED.has(table)
            ? `SELECT '${table}' AS t, count(*)::text AS h FROM "${table}"`
            : `SELECT '${table}' AS t, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${table}" x`,
        );
        const { rows: hashes } = await client.query<{ t: string; h: string }>(selects.join(' UNION ALL '));
        return hashes.map(({ t, h }) => [`${service}.${t}`, h] as const);
      }),
    );
    return Object.fromEntries(parts.flat());
  }

  /**
   * The snapshot once three readings a moment apart agree (events in flight have landed: one
   * quiet moment between two stages of a pipeline is not the end of it).
   */
  async settled(pauseMs = 300, timeoutMs = 20_000): Promise<StateSnapshot> {
    const deadline = Date.now() + timeoutMs;
    let previous = JSON.stringify(await this.snapshot());
    let quiet = 0;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      const current = await this.snapshot();
      const text = JSON.stringify(current);
      quiet = text === previous ? quiet + 1 : 0;
      if (quiet >= 2 || Date.now() > deadline) return current;
      previous = text;
    }
  }

  close(): Promise<void[]> {
    return Promise.all(this.clients.map(({ client }) => client.end()));
  }
}

/** The tables whose hash differs between two snapshots. */
export const changedTables = (before: StateSnapshot, after: StateSnapshot) =>
  Object.keys({ ...before, ...after }).filter((table) => before[table] !== after[table]);
