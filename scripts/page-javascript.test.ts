import { describe, expect, it } from 'vitest';
import { measurePageJavascript, scriptPaths } from './page-javascript';

const HTML = [
  '<link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/a.js"/>',
  '<script src="/_next/static/chunks/a.js" async=""></script>',
  '<script src="/_next/static/chunks/b.js?dpl=1" async=""></script>',
  '<script src="/_next/static/chunks/polyfills.js" noModule=""></script>',
  '<link rel="stylesheet" href="/_next/static/chunks/c.css"/>',
  '<script>self.__next_f.push([1,"src=\\"/_next/static/chunks/not-a-tag.js\\""])</script>',
].join('');

describe('the JavaScript a page sends', () => {
  it('counts each script the HTML loads or preloads once, without nomodule polyfills or styles', () => {
    expect(scriptPaths(HTML)).toEqual(['/_next/static/chunks/a.js', '/_next/static/chunks/b.js']);
  });

  it('adds up raw and gzip sizes of what the server sends', async () => {
    const bodies: Record<string, string> = { '/_next/static/chunks/a.js': 'x'.repeat(1000), '/_next/static/chunks/b.js': 'let y = 1;' };
    const measured = await measurePageJavascript(HTML, async (path) => bodies[path]!);
    expect(measured.bytes).toBe(1010);
    expect(measured.files.map((file) => file.path)).toEqual(Object.keys(bodies));
    // repetitive text compresses: the gzip total is smaller than the raw one, and not zero
    expect(measured.gzipBytes).toBeGreaterThan(0);
    expect(measured.gzipBytes).toBeLessThan(measured.bytes);
  });
});
