// Veil's architecture, checked by the test suite (test/architecture/architecture.test.ts runs
// scripts/check-architecture.ts). From the top down; see docs/architecture.md:
//   entry        cli/, app.ts and its parts (app.*.ts): the composition root wires everything
//   capabilities accounts-api, organizations, site-links, credentials, connect, webhooks, tracker, wiki,
//                email-api, migration, erasure, deletion, export, mail, ... (one way among themselves)
//   kernels      user-api (site, identity mode, named users, parameters, pages, user objects),
//                directory (the read model), apps (the app registry), auth (caller, guards, sign-in hook)
//   entities     sites (with the links' model and SQL), site-groups, accounts, audit (the records'
//                writer, which every admin action calls in its own transaction)
//   pure cores   visibility (the one privacy decision), jql, apps/qsh.ts: no I/O, no framework
//   plumbing     http, db, jobs, clock, config, errors: know no product noun
// An arrow never points up, and no two folders import each other.
const plumbing = '^src/(http|db|jobs|clock|config|errors)/';
const pure = ['^src/(visibility|jql)/', '^src/apps/qsh[.]ts$'];
const entitiesAndBelow = '^src/(accounts|sites|site-groups|audit|visibility|jql|http|db|jobs|clock|config|errors)/';

module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment: 'No two folders import each other, directly or around a loop.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'plumbing-knows-no-product',
      comment: 'http, db, jobs, clock, config and errors import only plumbing.',
      severity: 'error',
      from: { path: plumbing },
      to: { path: '^src/', pathNot: plumbing },
    },
    {
      name: 'pure-cores-stay-pure',
      comment: 'The privacy decision, the JQL code and the qsh canonicaliser: no I/O, no framework, no other folder.',
      severity: 'error',
      from: { path: pure },
      to: {
        pathNot: [...pure, '^src/errors/', '^node:crypto$', '^crypto$'],
        path: ['^src/', '^node:', '^(fs|net|http|https|child_process|crypto)$', 'node_modules/'],
      },
    },
    {
      name: 'entities-stand-on-pure-and-plumbing',
      comment: 'Accounts, sites and site groups (the entities) do not reach up into the capabilities built on them.',
      severity: 'error',
      from: { path: '^src/(accounts|sites|site-groups|audit)/' },
      to: { path: '^src/', pathNot: [entitiesAndBelow, '^src/auth/'] },
    },
    {
      name: 'auth-stands-on-accounts',
      comment: 'auth/ knows the account a caller is, and nothing of the capabilities that ask who is calling.',
      severity: 'error',
      from: { path: '^src/auth/' },
      to: { path: '^src/', pathNot: ['^src/auth/', '^src/(accounts|visibility|http|errors)/'] },
    },
    {
      name: 'kernels-stay-beneath-capabilities',
      comment: 'directory and user-api serve every user API; they import entities, auth and plumbing only.',
      severity: 'error',
      from: { path: '^src/(directory|user-api)/' },
      to: { path: '^src/', pathNot: [entitiesAndBelow, '^src/(auth|directory|user-api)/'] },
    },
    {
      name: 'only-the-entry-imports-the-root',
      comment: 'app.ts and its parts (app.*.ts) are the composition root: imported by cli/ alone.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/cli/', '^src/app([.]server|[.]dependencies)?[.]ts$'] },
      to: { path: '^src/app([.]server|[.]dependencies)?[.]ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['[.]test[.]ts$', 'node_modules'] },
    tsPreCompilationDeps: true,
    moduleSystems: ['es6'],
  },
};
