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

/** The socket inodes a process holds open, from /proc (none when it is gone). */
function socketInodesOf(pid: number): Set<string> {
  const inodes = new Set<string>();
  let fds: string[] = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    let link = '';
    try {
      link = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue; // closed meanwhile
    }
    const socket = /^socket:\[(\d+)\]$/.exec(link);
    if (socket) inodes.add(socket[1]);
  }
  return inodes;
}

/** Each local TCP socket's port by its inode: read once for every process (they share the network namespace). */
function localPortsByInode(): Map<string, number> {
  const ports = new Map<string, number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length > 9) ports.set(fields[9], parseInt(fields[1].split(':')[1], 16));
    }
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
  const nameOf = (i: number) => names[i] ?? String(processes[i]);
  let node = process.cpuUsage();
  let backends = new Map<number, number>();
  let own = new Map<number, number>();
  const sinceStart = (pid: number, at: Map<number, number>) => cpuSecondsOf(pid) - (at.get(pid) ?? 0);
  return {
    async start(): Promise<void> {
      backends = new Map((await sessions()).map(({ pid }) => [pid, cpuSecondsOf(pid)]));
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
      // A backend is the process's whose socket has the backend's client port at its end.
      const portOf = processes.length ? localPortsByInode() : new Map<string, number>();
      const owner = new Map<number, string>();
      processes.forEach((pid, i) => socketInodesOf(pid).forEach((inode) => {
        const port = portOf.get(inode);
        if (port !== undefined) owner.set(port, nameOf(i));
      }));
      const postgresBy = new Map<string, number>();
      for (const { pid, client_port: port } of await sessions()) {
        const seconds = sinceStart(pid, backends);
        postgres += seconds;
        const name = (port != null && owner.get(port)) || 'others';
        postgresBy.set(name, (postgresBy.get(name) ?? 0) + seconds);
      }
      const postgresByProcess = Object.fromEntries([...postgresBy].map(([name, s]) => [name, +s.toFixed(2)]));
      // Each process by its name (`names`, e.g. its kind and index): where a process added spends its time.
      const seconds = processes.map((pid) => sinceStart(pid, own));
      const processesCpu = seconds.reduce((sum, s) => sum + s, 0);
      const byProcess = Object.fromEntries(seconds.map((s, i) => [nameOf(i), +s.toFixed(2)]));
      return {
        byProcess,
        postgresByProcess,
        nodeCpuSeconds: +((used.user + used.system) / 1e6).toFixed(2), postgresCpuSeconds: +postgres.toFixed(2),
        processesCpuSeconds: +processesCpu.toFixed(2),
      };
    },
  };
}
