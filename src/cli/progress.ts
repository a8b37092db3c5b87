/**
 * A one-line progress display (step, images/s, ETA) redrawn in place on a terminal,
 * at most a few times a second. Off when the stream is not a terminal, so piped
 * output stays exactly the course's lines.
 */
export class Progress {
  private readonly started = performance.now();
  private lastDraw = 0;
  private shown = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly imagesPerStep: number,
    private readonly enabled = stream.isTTY === true,
  ) {}

  /** Redraws the line for `step` of `steps`. */
  update(step: number, steps: number, loss: number): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.lastDraw < 250 && step < steps) return;
    this.lastDraw = now;
    const seconds = (now - this.started) / 1000;
    const rate = (step * this.imagesPerStep) / seconds;
    const eta = step > 0 ? ((steps - step) * seconds) / step : Number.NaN;
    this.stream.write(
      `\r\x1b[2K  step ${step}/${steps}  loss ${loss.toFixed(4)}  ${rate.toFixed(0)} images/s  ETA ${formatDuration(eta)}`,
    );
    this.shown = true;
  }

  /** Clears the line (before printing a normal line, and at the end). */
  clear(): void {
    if (this.shown) this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}

/** Seconds as m:ss or h:mm:ss. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  const pad = (n: number) => String(n).padStart(2, '0');
  return s >= 3600
    ? `${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`
    : `${Math.floor(s / 60)}:${pad(s % 60)}`;
}
