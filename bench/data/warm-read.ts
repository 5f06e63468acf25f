/** Puts a file or tree in the page cache, so every tool starts from the same warm state. */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';

/** Reads every byte under `target` once. */
export function warmRead(target: string): void {
  const buffer = Buffer.allocUnsafe(2 ** 20);
  const visit = (p: string): void => {
    const stat = statSync(p);
    if (stat.isDirectory()) {
      for (const name of readdirSync(p)) visit(path.join(p, name));
      return;
    }
    const fd = openSync(p, 'r');
    try {
      while (readSync(fd, buffer, 0, buffer.length, null) > 0);
    } finally {
      closeSync(fd);
    }
  };
  visit(target);
}
