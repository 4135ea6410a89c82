// Progress display for long commands: one bar per task (e.g. per seed) with rate, time left and
// custom fields (last return...), drawn by cli-progress when the output is a terminal; otherwise
// (a log file, CI) one plain line per task every few seconds and when it finishes.
import cliProgress from "cli-progress";

/** Extra fields shown after the bar, in insertion order, e.g. { return: -123.4 }. */
export type ProgressInfo = Record<string, string | number | undefined>;

export interface ProgressTask {
  /** `value` is the absolute progress (e.g. steps done), not an increment. */
  update(value: number, info?: ProgressInfo): void;
  /** Marks the task finished (or failed, with a note), drawing it one last time. */
  finish(note?: string): void;
}

export interface ProgressBoardOptions {
  /** Where to draw; default process.stderr (keeps stdout clean for results). */
  stream?: NodeJS.WriteStream;
  /** Force bars (true) or plain lines (false); default: bars when the stream is a terminal. */
  tty?: boolean;
  /** What is counted, e.g. "steps". */
  unit?: string;
  /** Plain mode: at most one line per task this often (ms); default 10 s. */
  plainIntervalMs?: number;
  /** Clock in ms (tests); default Date.now. */
  now?: () => number;
}

/** Rate over the last RATE_WINDOW_MS, so that a slow start (random steps) fades out of the estimate. */
const RATE_WINDOW_MS = 30_000;

class RateMeter {
  private readonly samples: { t: number; v: number }[] = [];

  add(t: number, v: number): void {
    this.samples.push({ t, v });
    while (this.samples.length > 2 && t - this.samples[1].t >= RATE_WINDOW_MS) this.samples.shift();
  }

  /** Units per second, or null before two samples a moment apart. */
  get rate(): number | null {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || last.t - first.t < 200) return null;
    return ((last.v - first.v) * 1000) / (last.t - first.t);
  }
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

function formatInfo(info: ProgressInfo): string {
  return Object.entries(info)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} ${typeof v === "number" ? formatNumber(v) : v}`)
    .join("  ");
}

function formatNumber(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(4);
}

interface TaskText {
  rate: string;
  left: string;
  info: string;
}

function describe(
  meter: RateMeter,
  value: number,
  total: number,
  unit: string,
  info: ProgressInfo,
): TaskText {
  const rate = meter.rate;
  return {
    rate: rate === null ? `- ${unit}/s` : `${formatNumber(rate)} ${unit}/s`,
    left: rate === null || rate <= 0 ? "?" : formatDuration((total - value) / rate),
    info: formatInfo(info),
  };
}

export class ProgressBoard {
  private readonly stream: NodeJS.WriteStream;
  private readonly unit: string;
  private readonly now: () => number;
  private readonly plainIntervalMs: number;
  private readonly multibar: cliProgress.MultiBar | null;
  private readonly labelWidth: number;

  constructor(opts: ProgressBoardOptions & { labelWidth?: number } = {}) {
    this.stream = opts.stream ?? process.stderr;
    this.unit = opts.unit ?? "steps";
    this.now = opts.now ?? Date.now;
    this.plainIntervalMs = opts.plainIntervalMs ?? 10_000;
    this.labelWidth = opts.labelWidth ?? 0;
    const tty = opts.tty ?? Boolean(this.stream.isTTY);
    this.multibar = tty
      ? new cliProgress.MultiBar(
          {
            stream: this.stream,
            format: "{label} {bar} {percentage}% {value}/{total} | {rate} | {left} left | {info}",
            hideCursor: true,
            clearOnComplete: false,
            stopOnComplete: false,
            barsize: 24,
            fps: 5,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
  }

  /** A new task counting from `start` (e.g. a resumed run's step) to `total`. */
  add(label: string, total: number, start = 0): ProgressTask {
    const meter = new RateMeter();
    const paddedLabel = label.padEnd(this.labelWidth);
    let info: ProgressInfo = {};
    let value = start;
    if (this.multibar) {
      const bar = this.multibar.create(total, start, { label: paddedLabel, rate: "", left: "?", info: "" });
      return {
        update: (v, extra) => {
          value = v;
          if (extra) info = { ...info, ...extra };
          meter.add(this.now(), v);
          bar.update(v, describe(meter, v, total, this.unit, info));
        },
        finish: (note) => {
          const shown = [formatInfo(info), note].filter((x) => x).join("  ");
          bar.update(value, { ...describe(meter, value, total, this.unit, info), left: "0s", info: shown });
          bar.stop();
        },
      };
    }
    let lastLine = -Infinity;
    const line = (suffix?: string) => {
      const d = describe(meter, value, total, this.unit, info);
      const pct = total > 0 ? Math.floor((100 * value) / total) : 100;
      const parts = [`${paddedLabel} ${value}/${total} ${this.unit} (${pct}%)`];
      if (suffix === undefined) parts.push(d.rate, `${d.left} left`);
      if (d.info) parts.push(d.info);
      if (suffix) parts.push(suffix);
      this.stream.write(`${parts.join("  ")}\n`);
    };
    return {
      update: (v, extra) => {
        value = v;
        if (extra) info = { ...info, ...extra };
        const t = this.now();
        meter.add(t, v);
        if (t - lastLine >= this.plainIntervalMs) {
          lastLine = t;
          line();
        }
      },
      finish: (note) => line(note ?? "done"),
    };
  }

  /** A line of text above the bars (or between the plain lines). */
  log(message: string): void {
    if (this.multibar) this.multibar.log(`${message}\n`);
    else this.stream.write(`${message}\n`);
  }

  /** Stops drawing (restores the cursor); call once every task has finished or failed. */
  stop(): void {
    this.multibar?.stop();
  }
}
