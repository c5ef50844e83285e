// Jest global setup: `npm test` tests what the action ships, built from the current src/. The bundle is built once
// per run into .cache/test-dist (with each bundle's module graph in .cache/test-stats) and every test that runs the
// action runs that build (scripts/runner-harness.js reads ATLAS_PREFLIGHT_DIST). __tests__/dist/dist.test.ts then fails
// when the committed dist/ differs from it. A caller that set ATLAS_PREFLIGHT_DIST keeps its own build.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { ROOT } from '../../scripts/runner-harness.js'

export default function globalSetup() {
  if (process.env.ATLAS_PREFLIGHT_DIST) return
  const out = join(ROOT, '.cache/test-dist')
  const stats = join(ROOT, '.cache/test-stats')
  execFileSync(process.execPath, [join(ROOT, 'scripts/bundle.js'), '--out', out, '--stats-dir', stats], {
    cwd: ROOT,
    stdio: 'inherit'
  })
  process.env.ATLAS_PREFLIGHT_DIST = out
  process.env.ATLAS_PREFLIGHT_STATS = stats
}
