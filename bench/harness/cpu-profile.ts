import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './deployment';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  file: string;
  seconds: number;
  /** Share of samples by area: our code, pg driver, typeorm, nest, bullmq/ioredis, jwt, node internals, idle, gc. */
  areas: Record<string, number>;
  top: { fn: string; share: number }[];
}

function areaOf(url: string, fn: string): string {
  if (fn === '(idle)') return 'idle';
  if (fn === '(garbage collector)') return 'gc';
  if (fn === '(program)') return 'program';
  if (!url) return 'native';
  if (url.includes('/node_modules/pg') || url.includes('/node_modules/pg-protocol')) return 'pg driver';
  if (url.includes('/node_modules/typeorm')) return 'typeorm';
  if (url.includes('/node_modules/@nestjs') || url.includes('/node_modules/express') || url.includes('/node_modules/router') || url.includes('/node_modules/body-parser')) return 'nest/express';
  if (url.includes('/node_modules/bullmq') || url.includes('/node_modules/ioredis') || url.includes('/node_modules/msgpackr')) return 'bullmq/ioredis';
  if (url.includes('/node_modules/jsonwebtoken') || url.includes('/node_modules/jws') || url.includes('/node_modules/jwa')) return 'jwt';
  if (url.includes('/node_modules/pino') || url.includes('/node_modules/nestjs-pino')) return 'logging';
  if (url.includes('/node_modules/class-validator') || url.includes('/node_modules/class-transformer')) return 'validation';
  if (url.includes('/node_modules/')) return 'other libraries';
  if (url.startsWith('node:')) return 'node internals';
  return 'our code';
}

/** Self time by area and the top functions of one `--cpu-prof` file. */
export function summarise(path: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0) || 1;
  const areas: Record<string, number> = {};
  const fns = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const area = areaOf(url, functionName);
    areas[area] = (areas[area] ?? 0) + us / total;
    if (area === 'idle' || area === 'program') continue;
    const where = url ? `${url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '').replace(/.*node_modules\//, '')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    fns.set(key, (fns.get(key) ?? 0) + us / total);
  }
  const top = [...fns].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([fn, share]) => ({ fn, share }));
  return { file: relative(ROOT, path), seconds: (profile.endTime - profile.startTime) / 1e6, areas, top };
}

export function summariseDir(dir: string): ProfileSummary[] {
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  } catch {
    return [];
  }
  return files.sort().map((f) => summarise(join(dir, f)));
}
