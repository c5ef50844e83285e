/**
 * Issue 11, common-word secrets: redaction applies to values, never to output names, check ids, statuses or JSON
 * structure. `atlas-client-secret: secret` must not turn `failed-checks` into `***s`; `ai-api-key: fail` must not
 * turn `status` into `***` or an output name into `***ed-checks`; `ai-api-key: true` must not make the report
 * invalid JSON (`"authenticated": ***`).
 */
import { afterAll, afterEach, describe, expect, it } from '@jest/globals'
import { CHECK_IDS } from '../../src/core/check-ids.js'
import { OUTPUT_NAMES } from '../../src/config/outputs.js'
import { expectRun, hostileRun, startWorld } from '../helpers/hostile-run.js'
import { Servers } from '../helpers/hostile-server.js'

const servers = new Servers()
afterEach(() => servers.closeAll())
afterAll(() => servers.closeAll())

const KNOWN_CHECKS = new Set<string>(['inputs', ...CHECK_IDS])

async function runWith(extra: Record<string, string>) {
  const world = servers.add(await startWorld())
  const r = await hostileRun(world.inputs(extra))
  await world.close()
  return r
}

describe('a secret that is a common word corrupts nothing', () => {
  it('`atlas-client-secret: secret`: `failed-checks` is a list of check ids, no `***` inside words', async () => {
    const r = await runWith({ 'atlas-client-secret': 'secret' })
    const failed = r.outputs['failed-checks'] ?? '<missing>'
    expectRun(
      r,
      {
        failedChecks: failed,
        allKnownIds: failed === '' || failed.split(',').every(id => KNOWN_CHECKS.has(id)),
        stars: /\*\*\*/.test(failed),
        status: r.outputs['status']
      },
      {
        failedChecks: expect.stringContaining('secrets'),
        allKnownIds: true,
        stars: false,
        status: 'fail'
      }
    )
  })

  it('`ai-api-key: fail`: `status` is pass/warn/fail and every output name is the action’s own', async () => {
    const r = await runWith({ 'ai-api-key': 'fail' })
    const names = Object.keys(r.outputs)
    expectRun(
      r,
      {
        status: r.outputs['status'],
        unknownNames: names.filter(n => !(OUTPUT_NAMES as readonly string[]).includes(n)),
        starredNames: names.filter(n => n.includes('***')),
        failedChecksPresent: 'failed-checks' in r.outputs,
        rawFileStarredName: /^\*\*\*ed-checks/m.test(r.files.output)
      },
      {
        status: expect.stringMatching(/^(pass|warn|fail)$/),
        unknownNames: [],
        starredNames: [],
        failedChecksPresent: true,
        rawFileStarredName: false
      }
    )
  })

  it('`ai-api-key: true`: the `report` output and the report file are valid JSON', async () => {
    const r = await runWith({ 'ai-api-key': 'true' })
    const parses = (text: string | undefined) => {
      try {
        JSON.parse(text ?? '')
        return true
      } catch {
        return false
      }
    }
    expectRun(
      r,
      { reportOutput: parses(r.outputs['report']), reportFile: parses(r.reportFile) },
      { reportOutput: true, reportFile: true }
    )
  })
})
