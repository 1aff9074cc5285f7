// Bundles the command-line entry points (collect, verify, db:migrate) into plain JavaScript for the
// image, which has neither tsx nor TypeScript: `node scripts/collect.mjs --once` there.
// The packages Next.js also keeps external (next.config.js) stay external: they load WebAssembly or
// native files from their own folders, and the standalone output already carries them.
// Usage: node scripts/bundle-commands.mjs OUTDIR
import path from 'node:path';
import { build } from 'esbuild';
import nextConfig from '../next.config.js';

const outdir = process.argv[2];
if (!outdir) {
  console.error('usage: node scripts/bundle-commands.mjs OUTDIR');
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, '..');
await build({
  entryPoints: ['collect', 'verify', 'migrate'].map((name) => path.join(root, 'scripts', `${name}.ts`)),
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // `server-only` resolves to its no-op under this condition, as with `tsx --conditions=react-server`
  conditions: ['react-server'],
  external: nextConfig.serverExternalPackages,
  // CommonJS dependencies bundled into ESM still call require() for Node's built-ins
  banner: { js: "import { createRequire as createBannerRequire } from 'node:module'; const require = createBannerRequire(import.meta.url);" },
  tsconfig: path.join(root, 'tsconfig.json'),
  logLevel: 'warning',
});
console.log(`bundled collect, verify and migrate into ${outdir}`);
