// npm run conformance: MongoDB's driver specification suites (connection strings, URI options, Initial DNS
// Seedlist Discovery), read from ../shared/mongo-specs/cases/ when that folder is present (or the folder given as
// the first argument), run through this project's connection-string model, lint and seedlist rules; prints how
// many cases agree and every case that does not. Exit 1 when the action accepts what a spec refuses or refuses what
// it accepts; 0 otherwise (also when the suites are absent: nothing to compare). The sources are compiled to a
// temporary folder first (tsc), so this runs what src/ says now.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { DEFAULT_CASES, formatConformance, runConformance } from './conformance-lib.js'

const ROOT = resolve(import.meta.dirname, '..')
const cases = resolve(process.argv[2] ?? DEFAULT_CASES)
if (!existsSync(cases)) {
  console.log(`No suites at ${cases}: nothing to compare (they live in ../shared/mongo-specs/cases/).`)
  process.exit(0)
}
const out = mkdtempSync(join(tmpdir(), 'atlas-preflight-conformance-'))
try {
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      join(ROOT, 'tsconfig.build.json'),
      '--outDir',
      out
    ],
    { stdio: 'inherit' }
  )
  // The compiled ES modules need to know they are modules.
  writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n')
  const load = (/** @type {string} */ p) => import(pathToFileURL(join(out, p)).href)
  const cs = await load('net/connection-string.js')
  const seedlist = await load('net/seedlist.js')
  const lint = await load('check-support/mongodb-uri.js')
  const results = runConformance(
    {
      parseConnectionString: cs.parseConnectionString,
      probePlanOf: cs.probePlanOf,
      seedlistOf: seedlist.seedlistOf,
      lint: uri => lint.lintConnectionString({ mongodbUri: uri, credentials: [] })
    },
    cases
  )
  console.log(`MongoDB specification suites from ${cases}:`)
  console.log(formatConformance(results ?? []))
  const wrong = (results ?? []).reduce((n, r) => n + r.acceptsRefused.length + r.refusesAccepted.length, 0)
  process.exitCode = wrong > 0 ? 1 : 0
} finally {
  rmSync(out, { recursive: true, force: true })
}
