/**
 * How news crosses to the other processes of a deployment (Redis pub/sub, server/cluster/coordination.ts):
 * what one process publishes reaches the others' subscribers, never its own. One process needs none.
 */
export interface NewsRelay {
  publish(topic: string, value: unknown): void;
  subscribe(topic: string, listener: (value: unknown) => void): void;
}

/** One kind of news a service announces, typed, with a way to stop listening. */
export class Channel<T> {
  private listeners = new Set<(value: T) => void>();
  private relay: { to: NewsRelay; topic: string } | null = null;

  on(fn: (value: T) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(value: T): void {
    this.deliver(value);
    this.relay?.to.publish(this.relay.topic, value);
  }

  /**
   * Carry this news to the other processes as `topic`, and theirs to the listeners here: a room on another
   * process hears of what a request answered here changed. The news must be plain data (it travels as JSON).
   */
  share(relay: NewsRelay, topic: string): void {
    this.relay = { to: relay, topic };
    relay.subscribe(topic, (value) => this.deliver(value as T));
  }

  private deliver(value: T): void {
    for (const fn of this.listeners) fn(value);
  }
}
