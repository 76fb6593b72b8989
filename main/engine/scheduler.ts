/** Something with ready nodes waiting for a slot: one level of a run (a pipeline or sub-pipeline). */
export interface SlotOwner {
  /**
   * Called when a slot is free for node `index`. Returns false when the node no longer wants
   * it (cancelled or skipped while it waited), so the slot goes to the next one.
   */
  startQueued(index: number): boolean;
}

/**
 * The concurrency limit of one run, shared by every level of it: sub-pipelines draw from the
 * same slots as their parent, so `concurrency` bounds the whole run. Ready nodes wait in
 * arrival order; entries that lost interest are dropped when they reach the front.
 */
export class SlotPool {
  private owners: (SlotOwner | undefined)[] = [];
  private indices: number[] = [];
  private head = 0;
  private running = 0;
  private pumping = false;

  constructor(readonly limit: number) {}

  get active(): number {
    return this.running;
  }

  enqueue(owner: SlotOwner, index: number): void {
    this.owners.push(owner);
    this.indices.push(index);
  }

  /** Gives a slot back; the caller pumps when it is done with its own bookkeeping. */
  release(): void {
    this.running--;
  }

  /** Starts waiting nodes while slots are free. */
  pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.running < this.limit && this.head < this.owners.length) {
        const owner = this.owners[this.head]!;
        const index = this.indices[this.head];
        this.owners[this.head++] = undefined;
        // Counted before the start so a node that settles at once cannot overdraw.
        this.running++;
        if (!owner.startQueued(index)) this.running--;
      }
      if (this.head === this.owners.length) {
        this.owners.length = 0;
        this.indices.length = 0;
        this.head = 0;
      } else if (this.head > 4096 && this.head * 2 > this.owners.length) {
        this.owners = this.owners.slice(this.head);
        this.indices = this.indices.slice(this.head);
        this.head = 0;
      }
    } finally {
      this.pumping = false;
    }
  }
}
