/**
 * What the benchmark must undo however it ends (servers, child processes, temporary directories):
 * run in reverse order of registration, each at most once, on normal exit, failure, timeout or signal.
 */

type CleanupStep = { name: string; run: () => Promise<void> | void };

const steps: CleanupStep[] = [];
let running: Promise<void> | undefined;
let isStoppingNow = false;

/** True once a signal, a crash or the deadline has started the final cleanup: start nothing new. */
export function isStopping(): boolean {
  return isStoppingNow;
}

/** Registers an undo step; returns a function that runs (and unregisters) it early. */
export function onCleanup(name: string, run: () => Promise<void> | void): () => Promise<void> {
  const step = { name, run };
  steps.push(step);
  return async () => {
    const index = steps.indexOf(step);
    if (index === -1) return;
    steps.splice(index, 1);
    await step.run();
  };
}

/** Runs every registered step, newest first; a failing step is reported and the others still run. */
export function runCleanup(): Promise<void> {
  running ??= (async () => {
    while (steps.length > 0) {
      const step = steps.pop()!;
      try {
        await step.run();
      } catch (error) {
        console.error(`bench: cleanup "${step.name}" failed: ${(error as Error).message}`);
      }
    }
  })();
  return running;
}

/** Cleans up once, then exits with `code`; later calls only wait for the first. */
function stop(code: number, reason: string): void {
  if (isStoppingNow) return;
  isStoppingNow = true;
  console.error(`bench: ${reason}, cleaning up`);
  void runCleanup().finally(() => process.exit(code));
}

/**
 * Ctrl-C, a kill, an error nobody caught (a database connection dropped by the cleanup itself, say):
 * clean up, then exit non-zero.
 */
export function installExitHandlers(): void {
  process.once('SIGINT', () => stop(130, 'interrupted'));
  process.once('SIGTERM', () => stop(143, 'terminated'));
  process.on('uncaughtException', (error) => {
    console.error(`bench: uncaught error: ${error.stack ?? error.message}`);
    stop(1, 'crashed');
  });
  process.on('unhandledRejection', (reason) => {
    console.error(`bench: unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
    stop(1, 'crashed');
  });
}

/** Exits non-zero after cleaning up if the whole run takes longer than `ms`. */
export function startDeadline(ms: number): NodeJS.Timeout {
  const timer = setTimeout(() => stop(124, `still running after ${Math.round(ms / 60_000)} min, giving up`), ms);
  timer.unref();
  return timer;
}
