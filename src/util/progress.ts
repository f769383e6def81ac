import type { Progress } from '../types.js';

/** Mask on an account index for the checkpoints of per-account loops: one every 65,536 accounts. */
export const ACCOUNTS_PER_CHECK_MASK = 65_535;

/**
 * A checkpoint for one step that owns [from, from + width] of its caller's share: the step's own fraction f
 * is reported as from + width x f (undefined stays undefined, so a step without a caller pays nothing).
 * @example within((f) => console.log(f), 0.7, 0.25)?.(0.5) // logs 0.825
 */
export function within(checkpoint: ((fraction: number) => void) | undefined, from: number, width: number): ((fraction: number) => void) | undefined {
  return checkpoint && ((fraction) => checkpoint(from + width * fraction));
}

/**
 * Turns the pipeline's checkpoints into `onProgress` reports and abort checks. Each stage owns a slice
 * [from, to] of the run; a stage reports its own fraction and the caller sees the share of the whole run,
 * never decreasing. Every checkpoint first checks the signal and throws its reason when it was aborted.
 * @example
 * const progress = new ProgressTracker((p) => console.log(p.stage, p.fraction), undefined);
 * progress.span('solve', 0.1, 0.9)(0.5); // logs 'solve' 0.5
 */
export class ProgressTracker {
  private last = 0;

  constructor(
    private readonly onProgress: ((progress: Progress) => void) | undefined,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** Reports `fraction` of the whole run (clamped to [0, 1], never below an earlier report). Throws if aborted. */
  report(stage: string, fraction: number, message: string): void {
    this.throwIfAborted();
    // A fraction that is not a number (0 / 0 somewhere) keeps the last one rather than poison every later report.
    if (Number.isFinite(fraction)) this.last = Math.max(this.last, Math.min(1, Math.max(0, fraction)));
    this.onProgress?.({ stage, fraction: this.last, message });
  }

  /** A checkpoint for one stage that owns [from, to] of the run; its argument is the stage's own fraction. */
  span(stage: string, from: number, to: number, message = stage): (fraction: number) => void {
    return (fraction) => this.report(stage, from + (to - from) * Math.min(1, Math.max(0, fraction)), message);
  }

  /** Throws the signal's reason (an AbortError by default) when it has been aborted. */
  throwIfAborted(): void {
    if (this.signal?.aborted) throw this.signal.reason ?? abortError();
  }

  /**
   * Lets the event loop run (so an abort from a timer or another callback lands), then checks the signal.
   * Only when there is a signal to watch: otherwise the run stays free of timer delays.
   */
  async pause(): Promise<void> {
    if (!this.signal) return;
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    this.throwIfAborted();
  }
}

function abortError(): Error {
  const error = new Error('the design was aborted');
  error.name = 'AbortError';
  return error;
}
