// The script-tag bundle with lazily loaded parts (docs/packaging.md "Lazy files"). rollup builds it
// as ES chunks (one entry + the chunks behind its dynamic imports); this output plugin turns the
// entry chunk into a classic script:
// - the entry's code is wrapped in a function; its exports become `window.<name>` (the public ones,
//   those of elements/bundle.ts) and, all of them, an internal object on `globalThis[INTERNAL]`;
// - the lazy chunks (ES modules, loaded with import()) take what they share with the entry (lit,
//   the engine core, the elements' shared code) from that internal object instead of importing
//   the entry file, so nothing is loaded or evaluated twice;
// - the entry's import() of a chunk resolves against the entry script's own URL
//   (document.currentScript while it runs), so the files work from any path or CDN.
import { dirname, resolve } from 'node:path';
import MagicString from 'magic-string';

/** The internal object the lazy chunks read the entry's exports from. */
export const INTERNAL = '__gcWebrtcSdkBundle';

const baseIntro = "var __gcBundleBase = (typeof document !== 'undefined' && document.currentScript && document.currentScript.src) || (typeof location !== 'undefined' ? location.href : '');";

/** `a as b, c` → [['a','b'], ['c','c']] */
function specifiers(list) {
  return list.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const [local, exported] = s.split(/\s+as\s+/);
    return [local, exported ?? local];
  });
}

/** Every name a module exports, following `export * from` (rollup lists those as '*' under the source specifier). */
function exportedNames(ctx, id, seen = new Set()) {
  const info = ctx.getModuleInfo(id);
  if (!info || seen.has(id)) return [];
  seen.add(id);
  const names = (info.exports ?? []).filter((n) => n !== '*');
  const ids = [...ctx.getModuleIds()];
  for (const [spec, bindings] of Object.entries(info.exportedBindings ?? {})) {
    if (!bindings.includes('*')) continue;
    const base = resolve(dirname(id), spec);
    const target = ['', '.ts', '.js', '.mjs', '/index.ts', '/index.js'].map((ext) => base + ext).find((c) => ids.includes(c));
    if (!target) ctx.error(`cannot follow export * from '${spec}' in ${id}`);
    for (const n of exportedNames(ctx, target, seen)) if (n !== 'default') names.push(n);
  }
  return names;
}

const key = (name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));

export function scriptTagBundle({ name }) {
  return {
    name: 'script-tag-bundle',
    renderDynamicImport({ chunk }) {
      // relative to the entry script's URL; a lazy chunk's own import() already resolves against its module URL
      return chunk.isEntry ? { left: 'import(new URL(', right: ', __gcBundleBase).href)' } : null;
    },
    renderChunk(code, chunk) {
      const s = new MagicString(code);
      if (!chunk.isEntry) {
        let found = false;
        const re = /import\s*(\{[^}]*\})?\s*(?:from\s*)?(['"])\.\/([^'"]+)\2;?/g;
        for (const m of code.matchAll(re)) {
          if (m[3] !== chunk.entryFile && !m[3].endsWith(ENTRY_FILE)) continue;
          found = true;
          const names = m[1] ? specifiers(m[1].slice(1, -1)).map(([imported, local]) => (imported === local ? local : `${key(imported)}: ${local}`)) : [];
          s.overwrite(m.index, m.index + m[0].length, names.length ? `const { ${names.join(', ')} } = globalThis.${INTERNAL};` : '');
        }
        if (found) s.prepend(`if (!globalThis.${INTERNAL}) throw new Error('gc-webrtc-sdk: ${chunk.fileName} needs ${ENTRY_FILE} loaded first');\n`);
        return { code: s.toString(), map: s.generateMap({ hires: true }) };
      }
      if (chunk.imports.length > 0) this.error(`the script-tag entry must not import other chunks statically (${chunk.imports.join(', ')})`);
      if (/\bimport\.meta\b/.test(code)) this.error('the script-tag entry cannot use import.meta (it runs as a classic script)');
      const publicNames = new Set(exportedNames(this, chunk.facadeModuleId));
      const m = /\bexport\s*\{([^}]*)\};?\s*$/.exec(code);
      const all = m ? specifiers(m[1]) : [];
      if (m) s.remove(m.index, m.index + m[0].length);
      const pub = all.filter(([, exported]) => publicNames.has(exported));
      s.prepend(`globalThis.${name} = (function () {\n'use strict';\n${baseIntro}\n`);
      s.append(`\nObject.defineProperty(globalThis, ${JSON.stringify(INTERNAL)}, { value: { ${all.map(([local, exported]) => `${key(exported)}: ${local}`).join(', ')} }, configurable: true });\n`
        + `return { ${pub.map(([local, exported]) => `${key(exported)}: ${local}`).join(', ')} };\n})();\n`);
      return { code: s.toString(), map: s.generateMap({ hires: true }) };
    },
  };
}
const ENTRY_FILE = 'gc-webrtc-sdk.bundle.js';
