// Builds one webpack 5 consumer app: production mode, the default resolver (no resolve.fallback,
// no polyfills, no aliases). Any error or warning fails it.
//   node test/consumers/webpack-build.mjs <app dir>
import webpack from 'webpack';
import { resolve } from 'node:path';

const dir = resolve(process.argv[2]);
webpack({
  mode: 'production', context: dir, entry: './main.js', devtool: false,
  output: { path: resolve(dir, 'dist'), filename: 'main.js', publicPath: 'auto', clean: true },
  performance: { hints: false },
  // production resolution and tree shaking; minifying (slow on 2 cores) is not what is tested here
  optimization: { minimize: false },
}, (err, stats) => {
  if (err) { console.error(err); process.exit(1); }
  const info = stats.toJson({ all: false, errors: true, warnings: true });
  for (const e of [...info.errors, ...info.warnings]) console.error(e.message);
  process.exit(info.errors.length + info.warnings.length ? 1 : 0);
});
