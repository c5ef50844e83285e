/**
 * Workflows written for the Atlas CLI, Terraform or MongoDB's own action set MONGODB_ATLAS_* and ATLASCLOUD_API_KEY
 * at job level: the bundled action reads them when its inputs are empty, masks them, and says where each came from.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSandbox } from '../../sandbox/index.js'
import { runAction } from '../../scripts/runner-harness.js'

describe('credentials from job-level environment variables (bundled action)', () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>
  let run: Awaited<ReturnType<typeof runAction>>
  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: 'healthy' })
    const inputs = sandbox.inputs()
    const env = {
      MONGODB_ATLAS_CLIENT_ID: inputs['atlas-client-id']!,
      MONGODB_ATLAS_CLIENT_SECRET: inputs['atlas-client-secret']!,
      MONGODB_ATLAS_PROJECT_ID: inputs['atlas-project-id']!,
      ATLASCLOUD_API_KEY: inputs['ai-api-key']!
    }
    for (const k of ['atlas-client-id', 'atlas-client-secret', 'atlas-project-id', 'ai-api-key'])
      delete inputs[k]
    run = await runAction(inputs, { env })
  })
  afterAll(() => sandbox.stop())

  it('passes as it would with the inputs', () => {
    expect(run.outputs['status']).toBe('pass')
    expect(run.outputs['auth-method']).toBe('service-account')
    expect(run.exitCode).toBe(0)
  })

  it('masks the secrets read from the environment', () => {
    const secret = sandbox.scenario.action.inputs['atlas-client-secret'] as string
    expect(run.stdout).toContain(`::add-mask::${secret}`)
  })

  it('says which variable each input came from, naming no value', () => {
    const report = JSON.parse(run.outputs['report']!) as {
      checks: { id: string; findings: { id: string; seen: string }[] }[]
    }
    const notice = report.checks
      .find(c => c.id === 'inputs')
      ?.findings.find(f => f.id === 'inputs/from-environment')
    expect(notice?.seen).toContain('`atlas-client-secret` from MONGODB_ATLAS_CLIENT_SECRET')
    expect(notice?.seen).toContain('`ai-api-key` from ATLASCLOUD_API_KEY')
  })
})
