// The layering of docs/architecture.md (Layers), checked: `npm run lint:deps` exits non-zero on any
// import that runs the wrong way. http → app → projections → domain; the store beside the domain,
// knowing only the envelope; the composition root (src/cli*, bin/) above everything, and the only
// one to choose a store adapter.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle ties two modules into one: neither can be read, tested or moved alone.',
      from: { path: '^(src|projections|bin)/' },
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing fails at run time (tsx checks no paths).',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'domain-imports-only-domain',
      severity: 'error',
      comment: 'The domain is pure: plan schema, event catalogue, deciders. It knows no store, read model or transport.',
      from: { path: '^src/domain/' },
      to: { path: '^(src/(?!domain/)|projections/|bin/)' },
    },
    {
      name: 'pure-layers-do-no-io',
      severity: 'error',
      comment: 'Deciders and projections are pure: no file, network, process or clock module (time comes with the command or the event).',
      from: { path: '^(src/domain|projections)/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|net|http|https|http2|child_process|worker_threads|cluster|dgram|dns|tls|readline|os|process|perf_hooks|timers|timers/promises)$' },
    },
    {
      name: 'projections-fold-domain-events',
      severity: 'error',
      comment: 'A projection folds domain events: it may read the domain and the envelope type of src/store/event-store.ts, nothing of the app, http or a store adapter.',
      from: { path: '^projections/' },
      to: { path: '^(src/|bin/)', pathNot: '^src/(domain/|store/event-store\\.ts$)' },
    },
    {
      name: 'projections-use-only-the-envelope-type',
      severity: 'error',
      comment: 'The store is beside the domain, not under the projections: they name its envelope types (import type), never its code.',
      from: { path: '^projections/' },
      to: { path: '^src/store/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'store-knows-only-the-envelope',
      severity: 'error',
      comment: 'The store keeps envelopes; what an event means, who asked and how is above it.',
      from: { path: '^src/store/' },
      to: { path: '^(src/(?!store/)|projections/|bin/)' },
    },
    {
      name: 'app-below-http',
      severity: 'error',
      comment: 'Use cases know no transport and no command line.',
      from: { path: '^src/app/' },
      to: { path: '^(src/(http/|console/|cli/|cli[.-])|bin/)' },
    },
    {
      name: 'http-below-the-composition-root',
      severity: 'error',
      comment: 'The hono app is built by the serve command, not the other way round.',
      from: { path: '^src/(http|console)/' },
      to: { path: '^(src/(cli/|cli[.-])|bin/)' },
    },
    {
      name: 'http-chooses-no-store-adapter',
      severity: 'error',
      comment: 'Which store (and read model) an instance runs on is the composition root\'s choice; http and the console see the ports only.',
      from: { path: '^src/(http|console)/' },
      to: {
        path: [
          '^src/store/(.+-event-store|open-[^/]+|memory-[^/]+|sqlite-[^/]+|postgres-[^/]+|esdb-[^/]+)\\.ts$',
          '^src/store/(postgres|sqlite|esdb)/',
          '^src/app/read-model/(open|sqlite|postgres)-read-model\\.ts$',
        ],
      },
    },
    {
      name: 'console-reads-through-the-application',
      severity: 'error',
      comment: 'The console reads what the REST routes read, through the application, in process: no route module, no fetch of our own API. Only the shared query-parameter schemas.',
      from: { path: '^src/console/' },
      to: { path: '^src/http/', pathNot: '^src/http/routes/query-params\\.ts$' },
    },
    {
      name: 'only-bin-and-the-command-line-import-it',
      severity: 'error',
      comment: 'The composition root is at the top: no layer imports it.',
      from: { path: '^src/', pathNot: '^src/(cli/|cli[.-])' },
      to: { path: '^src/(cli/|cli[.-])' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
    },
    skipAnalysisNotInRules: true,
  },
};
