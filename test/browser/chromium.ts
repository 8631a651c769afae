import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Launches the system Chromium (Debian's `chromium` package; no browser download).
 * CORSCAN_CHROMIUM overrides the path. A browser that cannot start fails the suite
 * with a message saying how to fix it: the suite is never skipped silently.
 */
export const CHROMIUM_PATH = process.env['CORSCAN_CHROMIUM'] ?? '/usr/bin/chromium';

/**
 * `hosts` maps host names to `127.0.0.1:<port>` inside Chromium only
 * (--host-resolver-rules), so pages get realistic origins on the default port
 * (`http://page.test`, no `:port`) while every connection stays on loopback.
 * Both ends resolve to loopback, so Chromium's Private/Local Network Access
 * checks (which only guard public → private and private → local requests) do
 * not apply: no flag is needed to disable them, and none is passed.
 */
export async function launchChromium(hosts: Record<string, number | null>): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `browser suite: Chromium not found at ${CHROMIUM_PATH}. Install it (apt-get update && apt-get install -y chromium) or set CORSCAN_CHROMIUM to its path.`,
    );
  }
  // A null port keeps the port of the URL.
  const rules = Object.entries(hosts).map(([host, port]) => `MAP ${host} 127.0.0.1${port === null ? '' : `:${port}`}`);
  try {
    return await chromium.launch({
      executablePath: CHROMIUM_PATH,
      timeout: 20_000,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        `--host-resolver-rules=${rules.join(', ')}`,
      ],
    });
  } catch (error) {
    throw new Error(`browser suite: Chromium at ${CHROMIUM_PATH} could not start: ${(error as Error).message.split('\n')[0]}`);
  }
}
