import fs from 'node:fs';

/** Kernel clock ticks per second for /proc/<pid>/stat times (USER_HZ, 100 on Linux x86-64). */
export const CLOCK_TICKS = 100;

export interface ProcessUsage {
  /** CPU time over wall time during the sample window, in % of one core (200% = both cores). */
  cpuPercent: number;
  /** Highest resident set size sampled during the window (VmRSS), MB. */
  peakRssMb: number;
}

/** [utime, stime] of one process in clock ticks (1/100 s); [0, 0] when the process is gone. */
export function cpuTimes(pid: number): [user: number, system: number] {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return [0, 0];
  }
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [Number(fields[11]), Number(fields[12])];
}

/** utime + stime of one process in clock ticks (1/100 s); 0 when the process is gone. */
export function cpuTicks(pid: number): number {
  const [user, system] = cpuTimes(pid);
  return user + system;
}

function rssKb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : 0;
}

/** Samples one server process (CPU from /proc/<pid>/stat, RSS from /proc/<pid>/status) until stopped. */
export function sampleProcess(pid: number, everyMs = 250): { stop(): ProcessUsage } {
  const startTicks = cpuTicks(pid);
  const started = performance.now();
  let peak = rssKb(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssKb(pid))), everyMs);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, rssKb(pid));
      const seconds = (performance.now() - started) / 1000;
      return { cpuPercent: Number((((cpuTicks(pid) - startTicks) / CLOCK_TICKS / seconds) * 100).toFixed(0)), peakRssMb: Math.round(peak / 1024) };
    },
  };
}

/**
 * CPU of PostgreSQL in clock ticks: each process's utime + stime plus the cutime + cstime of its
 * reaped children, so a backend or parallel worker that exits during a round still counts (the
 * postmaster reaps it). With `postmaster`, that cluster only (the postmaster and the processes it
 * started, when several run at once); without, every process named "postgres" (benchmarks with
 * one PostgreSQL). The difference over a round is what the round cost the database.
 */
export function postgresTicks(postmaster?: number): number {
  let sum = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile: its time is in the postmaster's cutime/cstime
    }
    // Fields after the parenthesised name: state ppid … utime(11) stime(12) cutime(13) cstime(14).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const counted = postmaster === undefined ? stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === 'postgres' : Number(entry) === postmaster || Number(fields[1]) === postmaster;
    if (counted) sum += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  }
  return sum;
}

/** Busy clock ticks of the whole machine, all cores (/proc/stat: everything but idle and iowait). */
export function machineBusyTicks(): number {
  const [, ...values] = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = values.map(Number);
  return user! + nice! + system! + irq! + softirq! + steal!;
}
