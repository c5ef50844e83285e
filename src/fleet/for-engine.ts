/**
 * What the engine (src/main.ts) uses of organization scope, in one module it loads only when a run is in
 * organization scope or merges chunks' reports: a project-scope run never parses it (its tracking issue needs only
 * src/fleet/issue-scope.ts).
 */
export { runFleet } from './run.js'
export { issueSections } from './sections.js'
export { previousSnapshot, snapshotBlock } from './snapshot.js'
export { mergeFromFiles, readBounded } from './merge-run.js'
