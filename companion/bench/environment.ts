import { cpus, loadavg, release, totalmem, type } from 'node:os';

/** The machine a benchmark ran on, recorded with its results. */
export interface Environment {
  node: string;
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  os: string;
  /** 1-minute load average when the benchmark started (other work on the machine). */
  loadAverage: number;
  startedAt: string;
}

export function describeEnvironment(): Environment {
  const list = cpus();
  return {
    node: process.version,
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    os: `${type()} ${release()}`,
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    startedAt: new Date().toISOString(),
  };
}
