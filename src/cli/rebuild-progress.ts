// Progress of `duban rebuild`: a bar on a terminal, a plain line every few seconds otherwise
// (logs and CI read lines, not redrawn bars).
import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  update(position: number, head: number): void;
  stop(): void;
}

/** `label` names the work in the bar and the lines (`duban store copy` passes 'copy'). */
export function rebuildProgress(head: number, out: NodeJS.WriteStream = process.stderr, label = 'rebuild'): Progress {
  if (out.isTTY) {
    const bar = new SingleBar(
      { format: `${label} [{bar}] {percentage}% | {value}/{total} positions | {eta_formatted} left`, stream: out },
      Presets.shades_classic,
    );
    bar.start(Math.max(head, 1), 0);
    return {
      update: (position, total) => {
        bar.setTotal(Math.max(total, 1));
        bar.update(position);
      },
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  return {
    update(position, total) {
      const now = Date.now();
      if (now - last < 2000 && position < total) return;
      last = now;
      out.write(`${label}: ${position}/${total} positions (${total ? Math.floor((position / total) * 100) : 100}%)\n`);
    },
    stop() {},
  };
}
