// Builds three bundles:
//   dist/extension.js  activation entry: registers commands only, loads dist/host.js on first use
//   dist/host.js       everything a command needs (undici, zod/mini schemas, webview HTML)
//   dist/webview.js    the lead form, for the browser inside the webview
// `--production` minifies and drops source maps (the VSIX ships no maps); `--watch` rebuilds on change.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'info',
  define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts', host: 'src/host/index.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    // Node 22.15 is what VS Code 1.101 (our oldest supported) runs extensions on.
    target: 'node22',
    // `./host.js` stays a runtime require so that activation does not parse the host bundle.
    external: ['vscode', './host.js'],
  },
  {
    ...common,
    entryPoints: { webview: 'src/webview/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('[watch] watching for changes');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
