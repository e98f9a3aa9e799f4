/**
 * CPU profiles for the notes of a missed target: the V8 sampling profiler (what `node --cpu-prof` writes), read back
 * as the top frames by self time, grouped by function or by package.
 */
import { Session } from 'node:inspector/promises';

/** The parts of a V8 CPU profile (`.cpuprofile`) the summary reads. */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string };
    hitCount?: number;
  }>;
}

/** Profiles `fn` in this process (sampling every 100 µs) and returns the profile. */
export async function profileInProcess(fn: () => Promise<unknown> | unknown): Promise<CpuProfile> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    await fn();
    const { profile } = await session.post('Profiler.stop');
    return profile as unknown as CpuProfile;
  } finally {
    session.disconnect();
  }
}

/** Where a frame's code lives, short: `shared/pipeline/redact/textEngine.ts`, `node_modules/zod`, `node:zlib`. */
function shortLocation(url: string): string {
  if (!url) return '';
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = path.slice(modules + 'node_modules/'.length).split('/');
    return `node_modules/${parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  for (const top of ['shared/', 'functions/', 'bench/', 'cli/', 'dist/']) {
    const at = path.indexOf(`/${top}`);
    if (at >= 0) return path.slice(at + 1);
  }
  return path.startsWith('node:') ? path : path.split('/').slice(-2).join('/');
}

/** The package or repository folder of a frame, for a by-package summary. */
function packageOf(url: string): string {
  const location = shortLocation(url);
  if (location.startsWith('node_modules/')) return location.slice('node_modules/'.length);
  if (location.startsWith('node:')) return 'node (built-in modules)';
  if (location === '') return '(V8 / native)';
  return location.split('/').slice(0, 2).join('/');
}

/**
 * The `top` frames by self time, as `share% name (where)` strings. `by: 'package'` adds up the frames of each package
 * or repository folder instead.
 */
export function summariseProfile(profile: CpuProfile, by: 'function' | 'package', top: number): string[] {
  const totals = new Map<string, number>();
  let all = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    all += hits;
    const { functionName, url } = node.callFrame;
    // No line numbers: under tsx they are positions in the transformed code, not in the source.
    const key =
      by === 'package'
        ? packageOf(url)
        : url
          ? `${functionName || '(anonymous)'} (${shortLocation(url)})`
          : functionName || '(anonymous)';
    totals.set(key, (totals.get(key) ?? 0) + hits);
  }
  if (all === 0) return [];
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, hits]) => `${((hits / all) * 100).toFixed(1)}% ${key}`);
}
