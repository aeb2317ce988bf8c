import type { Outcome } from './outcome.js';
import type { ResultSink } from './sink.js';

/** Outcomes written to a sink in batches, one write at a time, off the path of the analysis: a
 *  write transaction per outcome would cost more than the outcome's analysis. */
export class OutcomeWriter {
  private buffer: Outcome[] = [];
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown;
  private timer: NodeJS.Timeout | undefined;

  /** `batchSize` outcomes, or whatever has waited `maxDelayMs`, go in one transaction. */
  constructor(private readonly sink: ResultSink, private readonly batchSize = 64, private readonly maxDelayMs = 1000) {}

  push(o: Outcome): void {
    this.buffer.push(o);
    if (this.buffer.length >= this.batchSize) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.maxDelayMs);
  }

  /** Writes what is buffered and waits for every write so far; rethrows a write's error. */
  async close(): Promise<void> {
    this.flush();
    await this.chain;
    if (this.failure !== undefined) throw this.failure;
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    this.chain = this.chain.then(() => (this.failure === undefined ? this.sink.write(batch) : undefined)).catch((e: unknown) => {
      this.failure ??= e;
    });
  }
}
