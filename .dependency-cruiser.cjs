// The layering of the code, checked by `npm run lint` (see README, "How it is built"):
// sources → evaluate → catalog → snapshots → data → app, one way, with no cycle anywhere
// (type imports included).
const TESTS = '(\\.test\\.ts$|^lib/testing/|-suite\\.ts$)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle makes modules impossible to understand or load one at a time.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lib-not-to-app-or-components',
      severity: 'error',
      comment: 'lib/ is used by pages and routes, never the other way round.',
      from: { path: '^lib/' },
      to: { path: '^(app|components)/' },
    },
    {
      name: 'sources-stand-alone',
      severity: 'error',
      comment: 'Source clients know connections, not configuration, catalogs or verdicts.',
      from: { path: '^lib/sources/' },
      to: { path: '^lib/(config|config-file|catalog|evaluate|snapshots|data|reports)(\\.ts$|/)' },
    },
    {
      name: 'evaluate-below-catalog',
      severity: 'error',
      comment: 'The catalog depends on the evaluators, never the reverse; evaluation knows no configuration.',
      from: { path: '^lib/evaluate/', pathNot: TESTS },
      to: { path: '^lib/(config|config-file|catalog|snapshots|data|reports)(\\.ts$|/)' },
    },
    {
      name: 'catalog-below-snapshots',
      severity: 'error',
      comment: 'The catalog is data and its loader; it reads no database and no configuration.',
      from: { path: '^lib/catalog/', pathNot: TESTS },
      to: { path: '^lib/(config|config-file|snapshots|data|reports|db)(\\.ts$|/)' },
    },
    {
      name: 'demo-only-on-demand',
      severity: 'error',
      comment: 'A production process never loads the demo cluster: lib/ reaches demo/ only by a dynamic import.',
      from: { path: '^(lib|app)/', pathNot: TESTS },
      to: { path: '^demo/', dependencyTypesNot: ['dynamic-import', 'type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|lib/generated|\\.next)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
