import { readFileSync, readdirSync } from 'node:fs';
import { fetchWithin } from '@inventory/testing';

/**
 * What the machine did during a phase of the faults run, for whoever reads why a phase was slow:
 * the CPU each instance and PostgreSQL used, and how far the reservation service's background
 * work (its salable projection, its consumers) was behind when the phase settled.
 */

/** The CPU seconds a process has used so far, from /proc (a frozen or busy process is read too). */
export function cpuSecondsOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    // Fields after the command's closing parenthesis: state is the 3rd field, utime the 14th, stime the 15th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0; // gone
  }
}

/** Linux reports CPU time in clock ticks; 100 per second on every platform the project runs on. */
const CLOCK_TICKS = 100;

/** The process ids of every PostgreSQL process on the machine (the server is shared with the run). */
function postgresPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') pids.push(Number(entry));
    } catch {
      // a process that ended while the directory was read
    }
  }
  return pids;
}

/**
 * CPU seconds per named group of processes, taken at two moments: the share of one core each group
 * used between. Counted per process id: a process that started in between counts whole, one that
 * ended in between is not counted (PostgreSQL's connections come and go).
 */
export class CpuMeter {
  private last = new Map<number, number>();
  private at = Date.now();

  constructor(private readonly processes: () => ReadonlyMap<string, number | undefined>) {
    this.sample();
  }

  /** Each group's CPU use since the last call, in percent of one core, and restarts the count. */
  sample(): Map<string, number> {
    const now = Date.now();
    const seconds = (now - this.at) / 1000;
    const groups = new Map<string, number[]>(
      [...this.processes()].map(([name, pid]) => [name, pid ? [pid] : []]),
    );
    groups.set('postgres', postgresPids());
    const current = new Map<number, number>();
    const shares = new Map<string, number>();
    for (const [name, pids] of groups) {
      let used = 0;
      for (const pid of pids) {
        const total = cpuSecondsOf(pid);
        current.set(pid, total);
        // A process that is gone reads 0: what it used since the last sample is not known.
        used += Math.max(0, total - (this.last.get(pid) ?? 0));
      }
      shares.set(name, seconds > 0 ? Math.round((used / seconds) * 100) : 0);
    }
    this.last = current;
    this.at = now;
    return shares;
  }
}

/**
 * From a reservation instance's /metrics: the sum of `kafka_consumer_lag` per consumer group, and
 * `projection_lag_events` (the stored events its salable projection has not applied yet).
 */
export async function reservationLags(
  instanceUrl: string,
  apiKey: string,
): Promise<{ consumers: Record<string, number>; projection?: number }> {
  const response = await fetchWithin(`${instanceUrl}/metrics`, { headers: { 'x-api-key': apiKey } }, 5_000);
  const consumers: Record<string, number> = {};
  let projection: number | undefined;
  for (const line of response.text.split('\n')) {
    const consumer = /^kafka_consumer_lag\{.*group="([^"]+)".*\} (\d+)/.exec(line);
    if (consumer) consumers[consumer[1]] = (consumers[consumer[1]] ?? 0) + Number(consumer[2]);
    const behind = /^projection_lag_events\{.*projection="salable-quantity".*\} (\d+)/.exec(line);
    if (behind) projection = Number(behind[1]);
  }
  return { consumers, projection };
}

export const formatShares = (shares: ReadonlyMap<string, number>) =>
  [...shares].map(([name, percent]) => `${name} ${percent}%`).join(', ');
