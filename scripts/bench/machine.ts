import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  nodeVersion: string;
  platform: string;
  postgresVersion?: string;
}

/** The CPU model as the kernel names it (os.cpus() may abbreviate it or be empty in containers). */
function readCpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((candidate) => candidate.startsWith('model name'));
    const model = line?.split(':').slice(1).join(':').trim();
    if (model) return model;
  } catch {
    // not Linux: fall back on what Node knows
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

export function describeMachine(): MachineInfo {
  return {
    cpuModel: readCpuModel(),
    cores: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    nodeVersion: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

/** The 1, 5 and 15 minute load averages: how busy the shared machine was around a part. */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ');
}
