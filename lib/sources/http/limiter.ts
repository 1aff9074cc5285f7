/**
 * Bounds how many requests one client has in flight. A collection asks for hundreds of Harbor
 * pages and dozens of Kubernetes lists at once; a source should see a steady handful of
 * requests, not a burst of all of them.
 */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/** At most `max` tasks run at the same time; the others wait, first come first served. */
export function createLimiter(max: number): Limiter {
  if (!Number.isInteger(max) || max < 1) throw new Error(`limiter size must be a positive integer, got ${max}`);
  let running = 0;
  const waiting: Array<() => void> = [];

  function release(): void {
    const next = waiting.shift();
    if (next) {
      next();
    } else {
      running--;
    }
  }

  return async function limit<T>(task: () => Promise<T>): Promise<T> {
    if (running < max) {
      running++;
    } else {
      // the slot is handed over by release(): `running` stays the same
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    try {
      return await task();
    } finally {
      release();
    }
  };
}

/** Default number of requests in flight per source. */
export const DEFAULT_CONCURRENCY = 8;
