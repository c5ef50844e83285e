/**
 * What the engine (src/main.ts) uses of organization scope, in one module it loads only when a run is in
 * organization scope, merges chunks' reports, or writes a tracking issue: a project-scope run never parses it.
 */
export { runFleet } from './run.js'
export { issueScope, issueSections } from './sections.js'
export { snapshotBlock, snapshotFromBlock, snapshotFromReport } from './snapshot.js'
export { mergeFromFiles } from './merge-run.js'
