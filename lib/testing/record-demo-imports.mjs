// Preloaded into a child process (`--import`) by lib/snapshots/demo-on-demand.test.ts: records every
// module of demo/ that the process resolves, in the file named by REFMAP_DEMO_IMPORT_LOG.
import { register } from 'node:module';

const hooks = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.includes('/demo/') && !result.url.includes('/node_modules/')) appendFileSync(process.env.REFMAP_DEMO_IMPORT_LOG, result.url + '\\n');
  return result;
}
`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
