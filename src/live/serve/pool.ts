/**
 * A fixed set of query workers with a bounded queue, modelled on the service's user limits:
 * a few queries run at once, the rest wait in a queue; a full queue, or a wait past the
 * queue time limit, rejects with `busy` (HTTP 429). A query past its time limit terminates its
 * worker (the only way to stop synchronous evaluation), which is replaced at once.
 */
import { Worker } from "node:worker_threads";
import type { JobResult, QueryJob, WorkerSetup } from "./protocol.js";

export type PoolOutcome =
  | JobResult
  | { readonly id: number; readonly ok: false; readonly busy: true; readonly reason: string }
  | { readonly id: number; readonly ok: false; readonly timedOut: true; readonly limitMs: number };

export interface PoolOptions {
  readonly workers: number;
  readonly maxQueue: number;
  readonly queueTimeoutMs: number;
  readonly workerUrl: URL;
  readonly setup: WorkerSetup;
}

interface Pending {
  readonly job: QueryJob;
  readonly timeoutMs: number;
  readonly resolve: (outcome: PoolOutcome) => void;
  readonly queuedAt: number;
}

interface Slot {
  worker: Worker;
  current: { readonly pending: Pending; readonly timer: NodeJS.Timeout } | null;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private closed = false;
  private readonly queueSweep: NodeJS.Timeout;

  constructor(private readonly options: PoolOptions) {
    for (let i = 0; i < options.workers; i++) this.slots.push({ worker: this.spawn(), current: null });
    // Queued queries that waited too long are rejected, as the service does after its queue limit.
    this.queueSweep = setInterval(() => this.expireQueued(), Math.min(1000, options.queueTimeoutMs)).unref();
  }

  get running(): number {
    return this.slots.filter((s) => s.current !== null).length;
  }

  get queued(): number {
    return this.queue.length;
  }

  run(job: QueryJob, timeoutMs: number): Promise<PoolOutcome> {
    return new Promise((resolve) => {
      if (this.closed) return resolve({ id: job.id, ok: false, busy: true, reason: "the server is shutting down" });
      const pending: Pending = { job, timeoutMs, resolve, queuedAt: Date.now() };
      const free = this.slots.find((s) => s.current === null);
      if (free) return this.start(free, pending);
      if (this.queue.length >= this.options.maxQueue) {
        return resolve({ id: job.id, ok: false, busy: true, reason: `${this.options.workers} queries running and ${this.queue.length} queued` });
      }
      this.queue.push(pending);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.queueSweep);
    for (const p of this.queue.splice(0)) p.resolve({ id: p.job.id, ok: false, busy: true, reason: "the server is shutting down" });
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Worker {
    const worker = new Worker(this.options.workerUrl, { workerData: this.options.setup });
    worker.unref();
    worker.on("message", (result: JobResult) => {
      const slot = this.slots.find((s) => s.worker === worker);
      if (!slot?.current || slot.current.pending.job.id !== result.id) return;
      const { pending, timer } = slot.current;
      clearTimeout(timer);
      slot.current = null;
      pending.resolve(result);
      this.next(slot);
    });
    worker.on("error", (e) => this.replace(worker, { code: "EngineError", message: `query worker failed: ${e.message}` }));
    return worker;
  }

  private start(slot: Slot, pending: Pending): void {
    const timer = setTimeout(() => {
      slot.current = null;
      pending.resolve({ id: pending.job.id, ok: false, timedOut: true, limitMs: pending.timeoutMs });
      void slot.worker.terminate();
      slot.worker = this.spawn();
      this.next(slot);
    }, pending.timeoutMs);
    slot.current = { pending, timer };
    slot.worker.postMessage(pending.job);
  }

  private replace(worker: Worker, failure: { code: "EngineError"; message: string }): void {
    const slot = this.slots.find((s) => s.worker === worker);
    if (!slot || this.closed) return;
    if (slot.current) {
      clearTimeout(slot.current.timer);
      slot.current.pending.resolve({ id: slot.current.pending.job.id, ok: false, failure });
      slot.current = null;
    }
    slot.worker = this.spawn();
    this.next(slot);
  }

  private next(slot: Slot): void {
    if (this.closed) return;
    const pending = this.queue.shift();
    if (pending) this.start(slot, pending);
  }

  private expireQueued(): void {
    const now = Date.now();
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const p = this.queue[i];
      if (now - p.queuedAt < this.options.queueTimeoutMs) continue;
      this.queue.splice(i, 1);
      p.resolve({ id: p.job.id, ok: false, busy: true, reason: `waited ${Math.round((now - p.queuedAt) / 1000)} s in the queue` });
    }
  }
}
