/**
 * A binary min-heap of timed simulation events. Ties on time break by insertion order, so a run
 * is a pure function of its inputs and seed (no dependence on heap layout).
 */
export class EventHeap<T> {
  private readonly times: number[] = [];
  private readonly seqs: number[] = [];
  private readonly items: T[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.items.length;
  }

  push(time: number, item: T): void {
    this.times.push(time);
    this.seqs.push(this.nextSeq++);
    this.items.push(item);
    this.up(this.items.length - 1);
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekTime(): number {
    return this.items.length === 0 ? Infinity : this.times[0];
  }

  pop(): { time: number; item: T } | undefined {
    if (this.items.length === 0) return undefined;
    const top = { time: this.times[0], item: this.items[0] };
    const last = this.items.length - 1;
    this.move(last, 0);
    this.times.pop();
    this.seqs.pop();
    this.items.pop();
    if (this.items.length > 0) this.down(0);
    return top;
  }

  private less(a: number, b: number): boolean {
    return this.times[a] < this.times[b] || (this.times[a] === this.times[b] && this.seqs[a] < this.seqs[b]);
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from];
    this.seqs[to] = this.seqs[from];
    this.items[to] = this.items[from];
  }

  private swap(a: number, b: number): void {
    [this.times[a], this.times[b]] = [this.times[b], this.times[a]];
    [this.seqs[a], this.seqs[b]] = [this.seqs[b], this.seqs[a]];
    [this.items[a], this.items[b]] = [this.items[b], this.items[a]];
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.items.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < n && this.less(left, smallest)) smallest = left;
      if (right < n && this.less(right, smallest)) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }
}

/** mulberry32: a small seeded PRNG with a full 2^32 period, enough for arrival times and mixes. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
