/** One kind of news a service announces, typed, with a way to stop listening. */
export class Channel<T> {
  private listeners = new Set<(value: T) => void>();

  on(fn: (value: T) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(value: T): void {
    for (const fn of this.listeners) fn(value);
  }
}
