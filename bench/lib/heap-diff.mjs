// Heap snapshot diff for the leak scenarios (`--heap-diff`): CDP HeapProfiler.takeHeapSnapshot at
// two points of one page, then, from the two snapshots:
// * totals by category: V8 code and feedback (compiled code, bytecode, feedback vectors, shared
//   function infos…), object shapes (maps, descriptor arrays), and everything else (JS objects,
//   strings, arrays, DOM wrappers) — Runtime.getHeapUsage counts them all, the snapshot tells them apart;
// * the objects alive in B and not in A (V8 keeps a node's id stable across snapshots of one page)
//   and those gone, grouped by class (constructor, or closure name), by self size;
// * for the top growing classes, the most common retainer path of their new objects (shortest
//   path from the page's roots, weak edges ignored, like DevTools' "Retainers" view);
// * the retained size (dominator tree) of chosen holders, e.g. the SDK instance.
// Nothing here asserts; the scenario prints and stores what it finds.

/** Takes a heap snapshot of the page behind `cdp` (a puppeteer CDPSession); returns the parsed JSON. */
export async function takeHeapSnapshot(cdp) {
  const chunks = [];
  const onChunk = (e) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  return JSON.parse(chunks.join(''));
}

// names of V8-internal nodes that are code or feedback (they grow as functions are compiled and tier up)
const CODE_NAMES = /(Trusted|LoadHandler|StoreHandler|Protected|DeoptimizationData|BytecodeArray|FeedbackVector|FeedbackMetadata|FeedbackCell|ClosureFeedbackCellArray|SharedFunctionInfo|ScopeInfo|UncompiledData|PreparseData|InstructionStream|\bCode\b|CodeDataContainer|SourcePositionTable|bytecode|feedback|InterpreterData|Script\b|CoverageInfo|DebugInfo|BaselineData|ObjectBoilerplateDescription|ArrayBoilerplateDescription|RegExpBoilerplate|AllocationSite|TemplateObjectDescription|(compiled code))/;
const SHAPE_NAMES = /(system \/ Map\b|DescriptorArray|TransitionArray|PrototypeInfo|\(object shape\)|EnumCache|(map descriptors)|(transition))/;

/** An indexed view of a snapshot: flat typed arrays, names, and the edges in both directions. */
export function indexSnapshot(snap) {
  const m = snap.snapshot.meta;
  const NF = m.node_fields.length;
  const EF = m.edge_fields.length;
  const nTypeI = m.node_fields.indexOf('type');
  const nNameI = m.node_fields.indexOf('name');
  const nIdI = m.node_fields.indexOf('id');
  const nSizeI = m.node_fields.indexOf('self_size');
  const nEdgesI = m.node_fields.indexOf('edge_count');
  const eTypeI = m.edge_fields.indexOf('type');
  const eNameI = m.edge_fields.indexOf('name_or_index');
  const eToI = m.edge_fields.indexOf('to_node');
  const nodeTypes = m.node_types[0];
  const edgeTypes = m.edge_types[0];
  const { nodes, edges, strings } = snap;
  const count = nodes.length / NF;
  const type = new Uint8Array(count);
  const name = new Uint32Array(count);
  const id = new Float64Array(count);
  const size = new Float64Array(count);
  const firstEdge = new Uint32Array(count + 1);
  let e = 0;
  for (let i = 0; i < count; i++) {
    const b = i * NF;
    type[i] = nodes[b + nTypeI];
    name[i] = nodes[b + nNameI];
    id[i] = nodes[b + nIdI];
    size[i] = nodes[b + nSizeI];
    firstEdge[i] = e;
    e += nodes[b + nEdgesI];
  }
  firstEdge[count] = e;
  const edgeCount = edges.length / EF;
  const eType = new Uint8Array(edgeCount);
  const eName = new Uint32Array(edgeCount);
  const eTo = new Uint32Array(edgeCount);
  for (let k = 0; k < edgeCount; k++) {
    eType[k] = edges[k * EF + eTypeI];
    eName[k] = edges[k * EF + eNameI];
    eTo[k] = edges[k * EF + eToI] / NF;
  }
  const WEAK = edgeTypes.indexOf('weak');
  const SHORTCUT = edgeTypes.indexOf('shortcut');
  // reverse edges (retainers), non-weak only
  const retCount = new Uint32Array(count + 1);
  for (let k = 0; k < edgeCount; k++) if (eType[k] !== WEAK) retCount[eTo[k] + 1] += 1;
  for (let i = 0; i < count; i++) retCount[i + 1] += retCount[i];
  const retFirst = retCount;
  const retEdge = new Uint32Array(retFirst[count]);
  const retFrom = new Uint32Array(retFirst[count]);
  const fill = retFirst.slice(0, count);
  for (let i = 0; i < count; i++) {
    for (let k = firstEdge[i]; k < firstEdge[i + 1]; k++) {
      if (eType[k] === WEAK) continue;
      const t = eTo[k];
      retEdge[fill[t]] = k;
      retFrom[fill[t]] = i;
      fill[t] += 1;
    }
  }
  const snapIndex = { count, type, name, id, size, firstEdge, eType, eName, eTo, retFirst, retEdge, retFrom, strings, nodeTypes, edgeTypes, WEAK, SHORTCUT };
  snapIndex.distance = distances(snapIndex);
  return snapIndex;
}

/** BFS distance from the root, user roots (the root's shortcut edges: windows) first, like DevTools. */
function distances(s) {
  const dist = new Int32Array(s.count).fill(-1);
  const queue = new Uint32Array(s.count);
  let head = 0;
  let tail = 0;
  dist[0] = 0;
  const run = () => {
    while (head < tail) {
      const n = queue[head++];
      for (let k = s.firstEdge[n]; k < s.firstEdge[n + 1]; k++) {
        if (s.eType[k] === s.WEAK) continue;
        const t = s.eTo[k];
        if (dist[t] !== -1) continue;
        dist[t] = dist[n] + 1;
        queue[tail++] = t;
      }
    }
  };
  for (let k = s.firstEdge[0]; k < s.firstEdge[1]; k++) {
    if (s.eType[k] !== s.SHORTCUT) continue;
    const t = s.eTo[k];
    if (dist[t] === -1) { dist[t] = 1; queue[tail++] = t; }
  }
  run();
  for (let k = s.firstEdge[0]; k < s.firstEdge[1]; k++) {
    const t = s.eTo[k];
    if (s.eType[k] === s.WEAK || dist[t] !== -1) continue;
    dist[t] = 1;
    queue[tail++] = t;
  }
  run();
  return dist;
}

const nodeTypeName = (s, i) => s.nodeTypes[s.type[i]];
const nodeName = (s, i) => s.strings[s.name[i]];

/** The class a node is grouped under (DevTools' "Constructor" column; closures by function name). */
export function classOf(s, i) {
  const t = nodeTypeName(s, i);
  const n = nodeName(s, i);
  switch (t) {
    case 'object': case 'native': case 'hidden': case 'code': return n || `(${t})`;
    case 'closure': return `${n || '(anonymous)'}()`;
    case 'string': case 'concatenated string': case 'sliced string': return '(string)';
    case 'array': return n ? `(array) ${n}` : '(array)';
    case 'object shape': return '(object shape)';
    default: return `(${t})`;
  }
}

/** V8 code and feedback, object shapes, Blink's native objects, or JS heap objects. */
export function categoryOf(s, i) {
  const t = nodeTypeName(s, i);
  const n = nodeName(s, i);
  if (t === 'code') return 'code';
  const v8 = n.startsWith('system / ') || t === 'hidden' || t === 'array';
  if (v8 && (CODE_NAMES.test(n) || /WeakArrayList|DependentCode/.test(n))) return 'code';
  if (t === 'object shape' || SHAPE_NAMES.test(n)) return 'shapes';
  // Blink's C++ (Oilpan) objects: in the snapshot, not in Runtime.getHeapUsage
  if (!v8 && (t === 'native' || n.startsWith('blink::') || n.startsWith('v8_inspector'))) return 'native';
  return 'objects';
}

function edgeLabel(s, k) {
  const t = s.edgeTypes[s.eType[k]];
  const v = s.eName[k];
  if (t === 'element' || t === 'hidden') return `[${v}]`;
  let n = s.strings[v];
  if (n.length > 70) n = `${n.slice(0, 67)}…`;
  if (t === 'context') return `{${n}}`;
  if (t === 'internal') return `<${n}>`;
  return `.${n}`;
}

function shortName(s, i) {
  const c = classOf(s, i);
  return c.length > 60 ? `${c.slice(0, 57)}…` : c;
}

/**
 * The shortest retainer path of node `i` from the roots: "Window .__bench → Object .x → …". Hops
 * through the synthetic roots are dropped; at most `maxHops`.
 */
export function retainerPath(s, i, maxHops = 14) {
  const hops = [];
  let n = i;
  for (let guard = 0; guard < maxHops && s.distance[n] > 1; guard++) {
    let best = -1;
    let bestEdge = -1;
    for (let r = s.retFirst[n]; r < s.retFirst[n + 1]; r++) {
      const from = s.retFrom[r];
      if (s.distance[from] === s.distance[n] - 1 && s.distance[from] >= 0) {
        // prefer property edges over internal ones, for readable paths
        const better = best === -1 || (s.edgeTypes[s.eType[bestEdge]] === 'internal' && s.edgeTypes[s.eType[s.retEdge[r]]] !== 'internal');
        if (better) { best = from; bestEdge = s.retEdge[r]; }
      }
    }
    if (best === -1) break;
    hops.push({ from: best, edge: bestEdge });
    n = best;
  }
  hops.reverse();
  const root = hops.length ? hops[0].from : i;
  const parts = [shortName(s, root)];
  for (const h of hops) {
    const to = s.eTo[h.edge];
    parts.push(`${edgeLabel(s, h.edge)} → ${shortName(s, to)}`);
  }
  // the page's global object is where a reader starts: drop the synthetic hops before it
  const text = parts.join(' ').replace(/^.*?Window \[JSGlobalObject\] \/ \S+/, 'window');
  return { text, signature: parts.map((p) => p.replace(/\[\d+\]/g, '[n]')).join(' ') };
}

/**
 * Who holds a new object, from its shortest retainer path: the SDK (its instance or its bundle's
 * namespace on the path), the bench harness (bench/page/instrument.js: the globals it replaced),
 * DevTools (the CDP session the bench itself drives), else other (the browser, the page's roots).
 */
export function ownerOf(path) {
  if (path.includes('GenesysCloudWebrtcSdk')) return 'sdk';
  if (/(\.fetch → |\.__bench|\.setTimeout → |\.setInterval → |\.WebSocket → |\.RTCPeerConnection → |\.console → )/.test(path)) return 'harness';
  if (/v8_inspector|DevTools|Inspector/.test(path)) return 'devtools';
  return 'other';
}

/** Retained sizes (dominator tree, Cooper–Harvey–Kennedy over non-weak edges from the root). */
export function retainedSizes(s) {
  const n = s.count;
  const post = new Int32Array(n).fill(-1);
  const order = new Uint32Array(n);
  let counter = 0;
  // iterative DFS postorder
  const stackNode = new Uint32Array(n);
  const stackEdge = new Uint32Array(n);
  const seen = new Uint8Array(n);
  let sp = 0;
  stackNode[0] = 0;
  stackEdge[0] = s.firstEdge[0];
  seen[0] = 1;
  sp = 1;
  while (sp > 0) {
    const node = stackNode[sp - 1];
    const k = stackEdge[sp - 1];
    if (k < s.firstEdge[node + 1]) {
      stackEdge[sp - 1] = k + 1;
      if (s.eType[k] === s.WEAK) continue;
      const t = s.eTo[k];
      if (seen[t]) continue;
      seen[t] = 1;
      stackNode[sp] = t;
      stackEdge[sp] = s.firstEdge[t];
      sp += 1;
    } else {
      post[node] = counter;
      order[counter] = node;
      counter += 1;
      sp -= 1;
    }
  }
  const idom = new Int32Array(n).fill(-1);
  const root = 0;
  idom[root] = root;
  const intersect = (a, b) => {
    while (a !== b) {
      while (post[a] < post[b]) a = idom[a];
      while (post[b] < post[a]) b = idom[b];
    }
    return a;
  };
  let changed = true;
  for (let pass = 0; changed && pass < 50; pass++) {
    changed = false;
    for (let p = counter - 2; p >= 0; p--) {
      const b = order[p];
      let newIdom = -1;
      for (let r = s.retFirst[b]; r < s.retFirst[b + 1]; r++) {
        const pred = s.retFrom[r];
        if (post[pred] < 0 || idom[pred] === -1) continue;
        newIdom = newIdom === -1 ? pred : intersect(pred, newIdom);
      }
      if (newIdom !== -1 && idom[b] !== newIdom) { idom[b] = newIdom; changed = true; }
    }
  }
  const retained = new Float64Array(n);
  for (let p = 0; p < counter; p++) {
    const node = order[p];
    retained[node] += s.size[node];
    if (node !== root && idom[node] >= 0) retained[idom[node]] += retained[node];
  }
  return { retained, idom };
}

/** Finds nodes by class name (exact) or by a predicate. */
export function findNodes(s, pred) {
  const out = [];
  for (let i = 0; i < s.count; i++) if (pred(classOf(s, i), i)) out.push(i);
  return out;
}

/**
 * Compares snapshots `a` (earlier) and `b` (later) of one page.
 * `holders`: class names whose retained size to report (e.g. the SDK's class), `top`: classes listed,
 * `categories`: list only classes of these categories (e.g. `['objects']`: JS objects, not V8 code or Blink).
 */
export function diffSnapshots(a, b, { top = 15, pathsPerClass = 2, holders = [], inspect = [], categories } = {}) {
  const A = indexSnapshot(a);
  const B = indexSnapshot(b);
  const idsA = new Set();
  for (let i = 0; i < A.count; i++) idsA.add(A.id[i]);
  const idsB = new Set();
  for (let i = 0; i < B.count; i++) idsB.add(B.id[i]);
  const totals = (s) => {
    const t = { code: 0, shapes: 0, objects: 0, native: 0, all: 0, nodes: s.count };
    for (let i = 0; i < s.count; i++) { if (s.distance[i] < 0) continue; const sz = s.size[i]; t[categoryOf(s, i)] += sz; t.all += sz; }
    return t;
  };
  const classes = new Map();
  const entry = (c, cat) => {
    let e = classes.get(c);
    if (!e) { e = { cls: c, category: cat, newCount: 0, newSize: 0, goneCount: 0, goneSize: 0, newNodes: [] }; classes.set(c, e); }
    return e;
  };
  const owners = {};
  for (let i = 0; i < B.count; i++) {
    if (idsA.has(B.id[i]) || B.distance[i] < 0) continue;
    const cat = categoryOf(B, i);
    const e = entry(classOf(B, i), cat);
    e.newCount += 1;
    e.newSize += B.size[i];
    if (e.newNodes.length < 400) e.newNodes.push(i);
    const o = ownerOf(retainerPath(B, i).text);
    const oc = ((owners[cat] ??= {})[o] ??= { count: 0, bytes: 0 });
    oc.count += 1;
    oc.bytes += B.size[i];
  }
  for (let i = 0; i < A.count; i++) {
    if (idsB.has(A.id[i]) || A.distance[i] < 0) continue;
    const e = entry(classOf(A, i), categoryOf(A, i));
    e.goneCount += 1;
    e.goneSize += A.size[i];
  }
  const rows = [...classes.values()].map((e) => ({ ...e, deltaCount: e.newCount - e.goneCount, deltaSize: e.newSize - e.goneSize }));
  const byCategory = {};
  for (const r of rows) {
    const c = (byCategory[r.category] ??= { newSize: 0, goneSize: 0, deltaSize: 0, newCount: 0, goneCount: 0 });
    c.newSize += r.newSize; c.goneSize += r.goneSize; c.deltaSize += r.deltaSize; c.newCount += r.newCount; c.goneCount += r.goneCount;
  }
  const growing = rows.filter((r) => r.deltaSize > 0 && r.newCount > 0 && (!categories || categories.includes(r.category))).sort((x, y) => y.deltaSize - x.deltaSize).slice(0, top);
  for (const r of growing) {
    // group the new objects' retainer paths; the most common ones with their counts
    const sigs = new Map();
    for (const i of r.newNodes) {
      const p = retainerPath(B, i);
      const g = sigs.get(p.signature) ?? { count: 0, size: 0, example: p.text };
      g.count += 1;
      g.size += B.size[i];
      sigs.set(p.signature, g);
    }
    r.paths = [...sigs.values()].sort((x, y) => y.size - x.size).slice(0, pathsPerClass).map((g) => ({ count: g.count, bytes: g.size, path: g.example, sampled: r.newNodes.length }));
    delete r.newNodes;
  }
  for (const r of rows) delete r.newNodes;
  let holderSizes = [];
  if (holders.length) {
    const ra = retainedSizes(A);
    const rb = retainedSizes(B);
    const sum = (s, r, cls) => findNodes(s, (c, i) => c === cls && s.distance[i] >= 0).reduce((acc, i) => ({ count: acc.count + 1, retained: acc.retained + r.retained[i] }), { count: 0, retained: 0 });
    holderSizes = holders.map((cls) => ({ cls, a: sum(A, ra, cls), b: sum(B, rb, cls) }));
  }
  // instances of the classes to inspect in B (e.g. RTCPeerConnection): count and who holds them
  const instances = inspect.map((cls) => {
    const found = findNodes(B, (c, i) => c === cls && B.distance[i] >= 0).map((i) => ({ i, p: retainerPath(B, i) }));
    // a class's prototype object carries its name too: not an instance
    const nodes = found.filter((x) => !x.p.text.endsWith(`.prototype → ${cls}`));
    const paths = new Map();
    for (const { p } of nodes.slice(0, 200)) {
      const g = paths.get(p.signature) ?? { count: 0, path: p.text };
      g.count += 1;
      paths.set(p.signature, g);
    }
    return { cls, count: nodes.length, paths: [...paths.values()].sort((x, y) => y.count - x.count).slice(0, 3) };
  });
  return { totalsA: totals(A), totalsB: totals(B), byCategory, owners, growing, holders: holderSizes, instances };
}

/** Text lines for the console. `per`: divide sizes by this many calls for a per-call figure. */
export function formatDiff(d, { per = 1, label = 'B − A' } = {}) {
  const kib = (b) => (b / 1024).toFixed(1);
  const lines = [];
  const cat = (k) => d.byCategory[k] ?? { deltaSize: 0, newSize: 0, goneSize: 0 };
  lines.push(`heap snapshot diff (${label}, ${per} calls): reachable self size ${kib(d.totalsA.all)} → ${kib(d.totalsB.all)} KiB (${kib(d.totalsB.all - d.totalsA.all)} KiB, ${kib((d.totalsB.all - d.totalsA.all) / per)} KiB/call)`);
  for (const k of ['code', 'shapes', 'objects', 'native']) {
    lines.push(`  ${k.padEnd(8)} ${kib(d.totalsA[k]).padStart(9)} → ${kib(d.totalsB[k]).padStart(9)} KiB  new ${kib(cat(k).newSize)} gone ${kib(cat(k).goneSize)}  net ${kib(cat(k).deltaSize)} KiB = ${kib(cat(k).deltaSize / per)} KiB/call`);
  }
  for (const [cat, os] of Object.entries(d.owners)) {
    lines.push(`  new ${cat} by holder (shortest retainer path): ${Object.entries(os).sort((x, y) => y[1].bytes - x[1].bytes).map(([o, v]) => `${o} ${kib(v.bytes)} KiB (${v.count})`).join(', ')}`);
  }
  for (const h of d.holders) lines.push(`  retained by ${h.cls} (×${h.a.count} → ×${h.b.count}): ${kib(h.a.retained)} → ${kib(h.b.retained)} KiB`);
  for (const x of d.instances ?? []) {
    lines.push(`  ${x.cls}: ${x.count} reachable${x.count ? ', held by:' : ''}`);
    for (const p of x.paths) lines.push(`        ${p.count}×: ${p.path}`);
  }
  lines.push('  top growing classes (net self size; new / gone objects; most common retainer paths of the new ones):');
  for (const r of d.growing) {
    lines.push(`  ${kib(r.deltaSize).padStart(8)} KiB  ${String(r.deltaCount).padStart(6)} (+${r.newCount} −${r.goneCount})  [${r.category}] ${r.cls}`);
    for (const p of r.paths ?? []) lines.push(`        ${p.count}/${p.sampled} (${kib(p.bytes)} KiB): ${p.path}`);
  }
  return lines;
}

/** A compact JSON form for results.json. */
export function diffForResults(d, per = 1) {
  const r = (x) => Math.round(x);
  return {
    calls: per,
    totalsA: d.totalsA,
    totalsB: d.totalsB,
    netBytes: Object.fromEntries(Object.entries(d.byCategory).map(([k, v]) => [k, r(v.deltaSize)])),
    netBytesPerCall: Object.fromEntries(Object.entries(d.byCategory).map(([k, v]) => [k, r(v.deltaSize / per)])),
    holders: d.holders,
    newByHolder: d.owners,
    instances: d.instances,
    growing: d.growing.map((g) => ({ cls: g.cls, category: g.category, deltaBytes: r(g.deltaSize), deltaCount: g.deltaCount, newCount: g.newCount, goneCount: g.goneCount, paths: g.paths })),
  };
}
