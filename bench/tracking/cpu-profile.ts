/**
 * Reads the `.cpuprofile` a `node --cpu-prof` run leaves behind and says where the time
 * went: self time per function and per origin (Node internals, a dependency, a Cairn package).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  byOrigin: { origin: string; ms: number; share: number }[];
  byFunction: { fn: string; ms: number; share: number }[];
}

function originOf(url: string): string {
  if (url === '') return '(native / idle / gc)';
  if (url.startsWith('node:')) return 'node internals';
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency?.[1] && !dependency[1].startsWith('@cairn/')) return `dep ${dependency[1]}`;
  const cairn = /packages\/([^/]+)\/src\/(?:([^/]+)\/)?/.exec(url);
  if (cairn)
    return `@cairn/${cairn[1]}${cairn[2] && !cairn[2].endsWith('.ts') ? `/${cairn[2]}` : ''}`;
  return url;
}

function top<T extends { ms: number }>(
  map: Map<string, number>,
  totalMs: number,
  key: string,
  n: number,
): T[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(
      ([name, ms]) => ({ [key]: name, ms: Math.round(ms), share: ms / totalMs }) as unknown as T,
    );
}

/** Summarizes the newest profile in `dir`, or undefined when there is none. */
export async function summarizeCpuProfile(dir: string): Promise<ProfileSummary | undefined> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile')).sort();
  const file = files.at(-1);
  if (file === undefined) return undefined;
  const profile = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as CpuProfile;
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const samples = profile.samples.length || 1;
  const msPerSample = totalMs / samples;
  const byOrigin = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = (node.hitCount ?? 0) * msPerSample;
    if (ms === 0 || node.callFrame.functionName === '(idle)') continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const origin = originOf(url);
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + ms);
    const where =
      url === ''
        ? ''
        : ` ${url.replace(/^.*\/(node_modules|packages)\//, '$1/')}:${lineNumber + 1}`;
    const fn = `${functionName || '(anonymous)'}${where}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
  }
  return {
    file: path.join(dir, file),
    totalMs: Math.round(totalMs),
    byOrigin: top(byOrigin, totalMs, 'origin', 12),
    byFunction: top(byFunction, totalMs, 'fn', 20),
  };
}
