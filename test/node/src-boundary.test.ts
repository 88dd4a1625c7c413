// The rule "src/ imports nothing outside src/" (eslint.config.js, gc/src-boundary): it holds for
// every file in src/ today, and it fires on an import that leaves src/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: root });
const boundaryErrors = (results: ESLint.LintResult[]) =>
  results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'gc/src-boundary').map((m) => `${r.filePath}:${m.line} ${m.message}`));

test('no file in src/ imports from outside src/', async () => {
  assert.deepEqual(boundaryErrors(await eslint.lintFiles(['src/**/*.ts'])), []);
});

test('the rule reports imports of the elements, the emulator and our own packages from src/', async () => {
  const code = [
    "import '../../elements/index';",
    "export * from '../../emulator/index';",
    "import 'gc-webrtc-sdk/elements';",
    "export const load = () => import('../../elements/bundle');",
    "import { SdkError } from './errors';",
    "import { x } from '../sessions/x';",
    'export { SdkError, x };',
  ].join('\n');
  const errs = boundaryErrors(await eslint.lintText(code, { filePath: `${root}src/streaming/probe.ts` }));
  // the four outside imports, not the two inside src/ (./errors resolves to src/streaming/errors, ../sessions to src/sessions)
  assert.equal(errs.length, 4, errs.join('\n'));
});
