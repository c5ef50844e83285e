/**
 * The CLI's words (src/adapters/cli-wording.ts): keyed by finding id and field where the Action's advice speaks of
 * GitHub only, and the Action's vocabulary (inputs, `with:` lines, secrets) as flags and variables everywhere.
 */
import { describe, expect, it } from '@jest/globals'
import { CLI_FINDING_WORDS, CLI_WORDING, cliFinding, cliVocabulary } from '../../src/adapters/cli-wording.js'
import { reworded } from '../../src/report/model.js'
import { declaredFindings, type Finding } from '../../src/core/finding.js'
import { REGISTRY } from '../../src/checks/index.js'
import { INPUT_FINDINGS } from '../../src/config/findings.js'
import { RUNNER_FINDINGS } from '../../src/runner.js'
import { parseConfig } from '../../src/config/config.js'
import { secretsCheck } from '../../src/checks/secrets.js'
import type { CheckContext } from '../../src/check-support/check.js'
import type { Report } from '../../src/report/model.js'

const GITHUB_ONLY = /workflow|Dependabot|fork|\$\{\{/i
const DECLARED = [INPUT_FINDINGS, ...REGISTRY.map(c => c.findings), RUNNER_FINDINGS].flatMap(t =>
  declaredFindings(t)
)
const asFinding = (d: (typeof DECLARED)[number], id = d.id): Finding => ({
  id,
  check: 'secrets',
  severity: d.severity,
  title: d.title,
  seen: 'seen',
  fix: d.fix
})

describe('vocabulary', () => {
  it('names flags, not inputs', () => {
    expect(cliVocabulary('Set `atlas-project-id` to the project id.')).toBe(
      'Set `--atlas-project-id` to the project id.'
    )
  })

  it('turns a `with:` line into a flag and secrets into variables', () => {
    expect(cliVocabulary('e.g. `atlas-client-id: ${{ secrets.ATLAS_CLIENT_ID }}`.')).toBe(
      'e.g. `--atlas-client-id $ATLAS_CLIENT_ID`.'
    )
  })

  it('leaves other code spans and words alone', () => {
    expect(cliVocabulary('Run `atlas accessLists create` and check `0.0.0.0/0` (see ai-auth).')).toBe(
      'Run `atlas accessLists create` and check `0.0.0.0/0` (see ai-auth).'
    )
  })

  it('a skip reason names the flag: `ai-auth` skipped: no --ai-api-key given', () => {
    expect(cliVocabulary('no ai-api-key given')).toBe('no --ai-api-key given')
  })
})

describe('keyed by finding id and field', () => {
  it('every key is a declared finding id, and every keyed field is a finding field', () => {
    const ids = new Set(DECLARED.map(d => d.id))
    for (const [id, fields] of Object.entries(CLI_FINDING_WORDS)) {
      expect(ids.has(id) ? id : `${id} is not declared`).toBe(id)
      for (const field of Object.keys(fields)) expect(['title', 'seen', 'fix']).toContain(field)
    }
  })

  it('no declared finding, reworded, speaks of workflows, forks, Dependabot or ${{ }}', () => {
    const leftovers = DECLARED.map(d => cliFinding(asFinding(d, d.id.replace('*/', 'atlas-read/'))))
      .filter(f => GITHUB_ONLY.test(`${f.title} ${f.fix}`))
      .map(f => f.id)
    expect(leftovers).toEqual([])
  })

  it('a finding raised with its own fix is reworded by its id, whatever its Action sentence says', async () => {
    const out = await secretsCheck.run({
      config: parseConfig({ 'atlas-client-secret': 'mdb_sa_sk_Zq8Lm3Np5Rt7Vx9Bd2Fh4Jk6Mn8Pq0Rs2' }).config
    } as unknown as CheckContext)
    const half = out.findings.find(f => f.id === 'secrets/half-pair')!
    expect(half.fix).toMatch(GITHUB_ONLY)
    const cli = cliFinding(half)
    expect(cli.fix).not.toMatch(GITHUB_ONLY)
    expect(cli.fix).toContain('Set `--atlas-client-id`')
    expect(cli.fix).toContain('not available to this job')
    // Another sentence under the same id gets the same CLI words: the key is the id, not the text.
    expect(cliFinding({ ...half, fix: 'Reworded entirely in the workflow.' }).fix).toBe(cli.fix)
  })

  it('rewords every check’s findings, titles and skip reasons in a report', () => {
    const d = DECLARED.find(x => x.id === 'secrets/no-credentials')!
    const report = {
      checks: [
        {
          id: 'secrets',
          title: 'Secrets',
          status: 'fail',
          findings: [asFinding(d)],
          data: {},
          durationMs: 0
        },
        {
          id: 'ai-auth',
          title: 'AI',
          status: 'skipped',
          skipReason: 'no ai-api-key given',
          findings: [],
          data: {},
          durationMs: 0
        }
      ]
    } as unknown as Report
    const out = reworded(report, CLI_WORDING)
    expect(out.checks[0]!.findings[0]!.fix).toContain('ATLAS_PREFLIGHT_ATLAS_CLIENT_ID')
    // The same credential variables as the action names: the model API key's VOYAGE_API_KEY among them.
    expect(out.checks[0]!.findings[0]!.fix).toContain('VOYAGE_API_KEY')
    expect(out.checks[0]!.findings[0]!.fix).not.toMatch(GITHUB_ONLY)
    expect(out.checks[1]!.skipReason).toBe('no --ai-api-key given')
  })
})
