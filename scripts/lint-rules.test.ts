import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const DEPCRUISE = path.join(ROOT, 'node_modules', '.bin', 'depcruise');

/** A throwaway tree with the project's layering rules and the given files; depcruise's answer on it. */
function cruise(files: Record<string, string>): { status: number | null; output: string } {
  const directory = mkdtempSync(path.join(tmpdir(), 'refmap-lint-'));
  copyFileSync(path.join(ROOT, '.dependency-cruiser.cjs'), path.join(directory, '.dependency-cruiser.cjs'));
  writeFileSync(path.join(directory, 'tsconfig.json'), JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./*'] } } }));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(directory, file)), { recursive: true });
    writeFileSync(path.join(directory, file), text);
  }
  const folders = [...new Set(Object.keys(files).map((file) => file.split('/')[0]!))];
  const result = spawnSync(DEPCRUISE, [...folders, '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd: directory, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('npm run lint: the layering rules', () => {
  it('pass a tree that keeps them', () => {
    const { status, output } = cruise({ 'lib/a.ts': "import { b } from './b';\nexport const a = b;\n", 'lib/b.ts': 'export const b = 1;\n', 'components/c.tsx': "import { a } from '@/lib/a';\nexport const c = a;\n" });
    expect(status, output).toBe(0);
  });

  it('fail on a planted cycle, type imports included', () => {
    const { status, output } = cruise({ 'lib/a.ts': "import type { B } from './b';\nexport type A = B;\n", 'lib/b.ts': "import type { A } from './a';\nexport type B = A | number;\n" });
    expect(status).not.toBe(0);
    expect(output).toContain('no-cycles');
  });

  it('fail on an import from lib/ into components/', () => {
    const { status, output } = cruise({ 'lib/a.ts': "import { c } from '@/components/c';\nexport const a = c;\n", 'components/c.tsx': 'export const c = 1;\n' });
    expect(status).not.toBe(0);
    expect(output).toContain('lib-not-to-app-or-components');
  });

  it('fail on a static import of demo/ from lib/ (a dynamic one is allowed)', () => {
    const planted = cruise({ 'lib/a.ts': "import { d } from '@/demo/d';\nexport const a = d;\n", 'demo/d.ts': 'export const d = 1;\n' });
    expect(planted.status).not.toBe(0);
    expect(planted.output).toContain('demo-only-on-demand');
    const dynamic = cruise({ 'lib/a.ts': "export const a = () => import('@/demo/d');\n", 'demo/d.ts': 'export const d = 1;\n' });
    expect(dynamic.status, dynamic.output).toBe(0);
  });
});
