/**
 * What the engine needs once the checks have ended (the report model, the outputs, the console report, annotations,
 * the job summary and the post step's lines), in one module, so that it loads as one chunk while the first requests
 * travel (src/main.ts: `reportCode`, started from the runner's `whileWaiting`), not before them.
 */
export { buildReport, reworded } from './model.js'
export { computeOutputs } from './outputs.js'
export { renderConsole } from './console.js'
export { renderSummary } from './summary.js'
export { annotationsFor } from './annotations.js'
export { code, md } from './markdown.js'
export { postLogLines, postSummarySection } from '../lease/summary.js'
