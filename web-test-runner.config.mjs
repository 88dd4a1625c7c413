import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { vendorPlugin } from './test/support/vendor-plugin.mjs';
import { emulatorPlugin } from './test/support/emulator-plugin.mjs';
import { summaryReporter } from './test/support/summary-reporter.mjs';
import { screenshotPlugin } from './test/support/screenshot-plugin.mjs';
import { chromiumArgs } from './scripts/chromium.mjs';
import { firefoxPrefs } from './scripts/firefox.mjs';

// WTR_BROWSERS=chromium,firefox (default both); scripts/test.mjs sets CHROME_PATH / FIREFOX_PATH.
const wanted = (process.env.WTR_BROWSERS ?? 'chromium,firefox').split(',');
const named = (name, launcher) => Object.assign(launcher, { name }); // failures name their browser
const browsers = [
  wanted.includes('chromium') && named('Chromium', chromeLauncher({
    launchOptions: { executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', headless: true, args: chromiumArgs },
  })),
  // puppeteer-core drives Firefox over WebDriver BiDi
  wanted.includes('firefox') && named('Firefox', chromeLauncher({
    launchOptions: { browser: 'firefox', executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr', headless: true, extraPrefsFirefox: firefoxPrefs },
  })),
].filter(Boolean);

export default {
  files: process.env.WTR_FILES ? process.env.WTR_FILES.split(',') : ['test/browser/**/*.test.ts', 'test/compat/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser'] },
  concurrency: 1,
  browsers,
  plugins: [
    vendorPlugin(),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
    emulatorPlugin(),
    screenshotPlugin(),
  ],
  reporters: [defaultReporter(), summaryReporter(process.env.WTR_SUMMARY ?? 'test-results/browser-summary.json')],
  testFramework: { config: { timeout: 20000 } },
  browserStartTimeout: 60000,
  testsStartTimeout: 60000,
  testsFinishTimeout: 300000,
};
