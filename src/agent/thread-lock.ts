/**
 * One turn at a time per thread. Two messages on one thread at once (a quick second Slack message,
 * an approval arriving while the user types) would otherwise both start from the same checkpoint
 * and one turn's messages would be lost. This serialises turns within a process; replicas would
 * need a database lock per thread as well.
 */

/** A mutex per key (thread id), releasing the key's entry when nobody waits on it. */
export class KeyedLock {
  readonly #tails = new Map<string, Promise<void>>();

  /** Runs `fn` after every earlier holder of `key` has finished. */
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.#tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
