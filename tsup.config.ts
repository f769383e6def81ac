import { defineConfig } from 'tsup';

export default defineConfig({
  // The workers are entries of their own: worker threads load them by path, beside the bundle
  // (dist/region-worker.js, dist/triangulate-worker.js).
  // The CLI is one too: `bin` in package.json points at dist/cli.js.
  entry: { index: 'src/index.ts', 'region-worker': 'src/scale/region-worker.ts', 'triangulate-worker': 'src/scale/triangulate-worker.ts', cli: 'src/cli/bin.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  treeshake: true,
  // import.meta.url in the CommonJS build too (the worker script is found relative to it).
  shims: true,
});
