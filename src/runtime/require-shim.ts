/**
 * Imported first by both entry points. Bundled as ESM, digest-fetch's hash dependencies evaluate
 * `require('crypto')`, which does not exist in an ES module: the bundle would die at load while the unbundled
 * tests pass. A real `require` on the global object fixes it; __tests__/dist/dist.test.ts runs the bundle to prove it.
 */
import { createRequire } from 'node:module'

const g = globalThis as { require?: NodeRequire }
if (typeof g.require === 'undefined') g.require = createRequire(import.meta.url)
