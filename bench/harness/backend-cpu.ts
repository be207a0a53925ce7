import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS = 100;

/** CPU seconds (user + system) a local process has used, or 0 when it is gone or not readable. */
export function cpuSecondsOf(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0;
  }
}

/** The local TCP ports of a process's sockets (its end of each connection), from /proc: which backends are its. */
function localPortsOf(pid: number): Set<number> {
  const ports = new Set<number>();
  try {
    const inodes = new Set<string>();
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      const link = (() => {
        try {
          return readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          return '';
        }
      })();
      const socket = /^socket:\[(\d+)\]$/.exec(link);
      if (socket) inodes.add(socket[1]);
    }
    for (const table of ['tcp', 'tcp6']) {
      for (const line of readFileSync(`/proc/${pid}/net/${table}`, 'utf8').split('\n').slice(1)) {
        const fields = line.trim().split(/\s+/);
        if (fields.length > 9 && inodes.has(fields[9])) ports.add(parseInt(fields[1].split(':')[1], 16));
      }
    }
  } catch {
    // The process is gone: no ports.
  }
  return ports;
}

/**
 * CPU seconds used by this Node process, by the PostgreSQL backends serving a database and by the local processes
 * `processes` names (a deployment's), between `start()` and `stop()` — a figure the machine's load does not change
 * (wall time on a shared 2-core box does, ten-fold). The server is local (127.0.0.1), so its backends' /proc
 * entries are readable; backends opened meanwhile count from 0.
 */
export function cpuMeter(
  query: (sql: string) => Promise<{ pid: number; client_port?: number | null }[]>, processes: readonly number[] = [], names: readonly string[] = [],
) {
  const sessions = () => query('SELECT pid, client_port FROM pg_stat_activity WHERE datname = current_database()');
  const pids = async () => (await sessions()).map((r) => r.pid);
  let node = process.cpuUsage();
  let backends = new Map<number, number>();
  let own = new Map<number, number>();
  const sinceStart = (pid: number, at: Map<number, number>) => cpuSecondsOf(pid) - (at.get(pid) ?? 0);
  return {
    async start(): Promise<void> {
      backends = new Map((await pids()).map((pid) => [pid, cpuSecondsOf(pid)]));
      own = new Map(processes.map((pid) => [pid, cpuSecondsOf(pid)]));
      node = process.cpuUsage();
    },
    async stop(): Promise<{
      nodeCpuSeconds: number; postgresCpuSeconds: number; processesCpuSeconds: number; byProcess: Record<string, number>;
      /** The backends' CPU by the process whose connection each serves (a backend ended meanwhile is not counted). */
      postgresByProcess: Record<string, number>;
    }> {
      const used = process.cpuUsage(node);
      let postgres = 0;
      const owner = new Map<number, string>();
      processes.forEach((pid, i) => localPortsOf(pid).forEach((port) => owner.set(port, names[i] ?? String(pid))));
      const postgresByProcess: Record<string, number> = {};
      for (const { pid, client_port: port } of await sessions()) {
        const seconds = sinceStart(pid, backends);
        postgres += seconds;
        const name = (port != null && owner.get(port)) || 'others';
        postgresByProcess[name] = +((postgresByProcess[name] ?? 0) + seconds).toFixed(2);
      }
      const processesCpu = processes.reduce((sum, pid) => sum + sinceStart(pid, own), 0);
      // Each process by its name (`names`, e.g. its kind and index): where a process added spends its time.
      const byProcess: Record<string, number> = {};
      processes.forEach((pid, i) => (byProcess[names[i] ?? String(pid)] = +sinceStart(pid, own).toFixed(2)));
      return {
        byProcess,
        postgresByProcess,
        nodeCpuSeconds: +((used.user + used.system) / 1e6).toFixed(2), postgresCpuSeconds: +postgres.toFixed(2),
        processesCpuSeconds: +processesCpu.toFixed(2),
      };
    },
  };
}
