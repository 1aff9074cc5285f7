import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { onCleanup } from './cleanup';

const REPO_ROOT = path.join(import.meta.dirname, '..', '..');

/** What a benchmark child sends over its IPC channel. */
export type ChildMessage<T> = { type: 'result'; value: T } | { type: 'error'; message: string };

export interface BenchChild {
  pid: number;
  /** the child's next message, or a rejection when it exits first or `timeoutMs` passes */
  nextMessage<T>(timeoutMs: number): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Starts `scripts/bench/<script>` in a Node process of its own (TypeScript through tsx's loader, the
 * react-server condition like `npm run` scripts), so that its memory is measured alone. Its output
 * goes to `logPath`; its messages come over IPC. It is killed by the cleanup steps if still running,
 * and it exits by itself when the benchmark dies (its IPC channel closes).
 */
export function startChild(script: string, options: { args?: string[]; env?: Record<string, string>; nodeFlags?: string[]; logPath: string }): BenchChild {
  const log = openSync(options.logPath, 'a');
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=react-server', '--import', 'tsx', ...(options.nodeFlags ?? []), path.join(import.meta.dirname, script), ...(options.args ?? [])],
    { cwd: REPO_ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', log, log, 'ipc'] },
  );
  if (child.pid === undefined) throw new Error(`could not start ${script}`);
  const pid = child.pid;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const inbox: unknown[] = [];
  const waiters: ((message: unknown) => void)[] = [];
  child.on('message', (message) => {
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else inbox.push(message);
  });

  const stop = onCleanup(`child ${script} (pid ${pid})`, async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  });

  const tail = () => readFileSync(options.logPath, 'utf8').split('\n').slice(-30).join('\n');

  return {
    pid,
    stop,
    nextMessage<T>(timeoutMs: number): Promise<T> {
      const message = inbox.length > 0 ? Promise.resolve(inbox.shift()) : new Promise<unknown>((resolve) => waiters.push(resolve));
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${script} sent nothing within ${Math.round(timeoutMs / 1000)} s; its log ends with:\n${tail()}`)), timeoutMs);
      });
      const died = exited.then((code): never => {
        throw new Error(`${script} exited (code ${code}) before answering; its log ends with:\n${tail()}`);
      });
      return Promise.race([message, timeout, died])
        .then((received) => {
          const typed = received as ChildMessage<T>;
          if (typed.type === 'error') throw new Error(`${script} failed: ${typed.message}`);
          return typed.value;
        })
        .finally(() => clearTimeout(timer));
    },
  };
}

/** For the child side: send one result (or error) to the benchmark. */
export function sendToParent<T>(message: ChildMessage<T>): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) {
      reject(new Error('not started by the benchmark (no IPC channel)'));
      return;
    }
    process.send(message, (error: Error | null) => (error ? reject(error) : resolve()));
  });
}

/** For the child side: exit as soon as the benchmark that started it is gone. */
export function exitWithParent(): void {
  process.on('disconnect', () => process.exit(0));
  process.once('SIGTERM', () => process.exit(0));
}
