// Writes the browser run's pass/fail counts to a JSON file so `npm test` can print
// one closing "N passed, N failed" line over every part of the suite (all browsers together),
// with per-browser counts and each failure named with its browser.
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, relative } from 'node:path';

function count(suite, totals, failures, prefix) {
  for (const t of suite.tests ?? []) {
    if (t.skipped) totals.skipped++;
    else if (t.passed) totals.passed++;
    else {
      totals.failed++;
      failures.push(`${prefix} > ${t.name}${t.error?.message ? `: ${t.error.message.split('\n')[0]}` : ''}`);
    }
  }
  for (const s of suite.suites ?? []) count(s, totals, failures, `${prefix} > ${s.name}`);
}

export function summaryReporter(file) {
  return {
    onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0, fileErrors: 0, browsers: {}, failures: [] };
      for (const session of sessions) {
        const browser = session.browser.name;
        const b = (totals.browsers[browser] ??= { passed: 0, failed: 0, skipped: 0, fileErrors: 0 });
        const before = { ...totals };
        if (session.testResults) count(session.testResults, totals, totals.failures, `[${browser}] ${relative(process.cwd(), session.testFile)}`);
        if (!session.passed && (session.errors?.length ?? 0) > 0) {
          totals.fileErrors++;
          totals.failures.push(`[${browser}] ${relative(process.cwd(), session.testFile)}: ${session.errors[0]?.message?.split('\n')[0] ?? 'file error'}`);
        }
        for (const k of ['passed', 'failed', 'skipped', 'fileErrors']) b[k] += totals[k] - before[k];
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(totals, null, 2));
    },
  };
}
