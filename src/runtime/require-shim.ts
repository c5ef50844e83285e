/**
 * Bundled as ESM, digest-fetch's hash dependencies evaluate `require('crypto')`, which does not exist in an ES module:
 * they would die at load while the unbundled tests pass. A real `require` on the global object fixes it. The Digest
 * seam (src/atlas/auth/digest-fetch-seam.ts) provides it just before it loads digest-fetch, so the global is set only
 * in runs that sign Digest requests; __tests__/dist/dist.test.ts runs the bundle to prove it. (`node:module` costs
 * nothing here: the bundle's hub imports it for every built-in module anyway.)
 */
import { createRequire } from 'node:module'

export function provideRequire(): void {
  const g = globalThis as { require?: NodeRequire }
  if (typeof g.require === 'undefined') g.require = createRequire(import.meta.url)
}
