// A bound on how many pieces of heavy work run at once (report rendering, picture decoding): the rest wait their
// turn in order. Each caller makes its own limit, so one kind of work never holds up another.

/** Runs work with at most `max` at once; the rest wait in the order they came. */
export function turnLimit(max: number): <T>(work: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (work) => {
    if (running < max) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line, so no newcomer slips in between.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
