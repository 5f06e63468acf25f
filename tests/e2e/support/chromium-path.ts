/** Where the browser tests find Chromium; kept apart from playwright so the test runner can ask cheaply. */
import { existsSync } from 'node:fs';

/** The browser binary: `CAIRN_CHROMIUM`, else Debian's `chromium` package. */
export const chromiumPath = process.env['CAIRN_CHROMIUM'] ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return existsSync(chromiumPath);
}
