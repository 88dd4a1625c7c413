// `executeServerCommand('screenshot', { name })`: saves a PNG of the test page (the browser tests'
// own page, through the runner's puppeteer driver) as test-results/screenshots/<name>.png
// (firefox-<name>.png from Firefox).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(process.cwd(), 'test-results/screenshots');

export function screenshotPlugin() {
  return {
    name: 'gc-screenshot',
    async executeCommand({ command, payload, session }) {
      if (command !== 'screenshot') return undefined;
      const name = String(payload?.name ?? '').replace(/[^a-z0-9._-]+/gi, '-');
      if (!name) throw new Error('screenshot needs { name }');
      const page = session.browser.getPage?.(session.id);
      if (!page?.screenshot) return false;
      mkdirSync(dir, { recursive: true });
      // Chromium's keep their names; other browsers' are prefixed (firefox-<name>.png)
      const prefix = session.browser.name === 'Chromium' ? '' : `${session.browser.name.toLowerCase()}-`;
      await page.screenshot({ path: join(dir, `${prefix}${name}.png`), fullPage: true });
      return true;
    },
  };
}
