// What a test file has started (databases, processes, servers), undone at its end.

/** Steps to undo, run newest first; a step that fails does not keep the others from running. */
export class Teardown {
  readonly #steps: (() => Promise<unknown>)[] = [];

  /** Adds a step to run at the end. */
  add(step: () => Promise<unknown>): void {
    this.#steps.push(step);
  }

  /** Adds the stop of something just started, and returns it. */
  track<T extends { stop(): Promise<unknown> }>(started: T): T {
    this.add(() => started.stop());
    return started;
  }

  /** Runs every step, newest first, then throws the first failure if there was one. */
  async run(): Promise<void> {
    const failures: unknown[] = [];
    for (let step = this.#steps.pop(); step; step = this.#steps.pop())
      await step().catch((error: unknown) => failures.push(error));
    if (failures.length) throw failures[0];
  }
}
