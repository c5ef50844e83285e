/**
 * The engine's run as a whole, in process: what a run stopped by its inputs builds and sends (nothing but the
 * report), so that its start-up loads none of the API clients.
 */
import { describe, expect, it } from '@jest/globals'
import { run } from '../../src/main.js'
import { recordingAdapter } from '../helpers/adapter.js'

describe('a run stopped by its inputs', () => {
  it('builds no API client and sends nothing, and still reports the inputs and the secrets', async () => {
    const rec = recordingAdapter({
      'atlas-client-id': 'mdb_sa_id_65a1b2c3d4e5f60718293a51',
      'atlas-client-secret': 'mdb_sa_sk_SandboxSecret0123456789abcdefABCDEF012345',
      'ai-api-key': 'apikey-sandbox7f3e9a1c5b2d4e6f8a0b',
      'atlas-base-url': 'https://127.0.0.1:1',
      'fail-on': 'sometimes'
    })
    const { services, exitCode, report } = await run(rec.adapter)
    expect(exitCode).toBe(1)
    expect([services.atlas, services.tokens, services.ai, services.net]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined
    ])
    expect(report.checks.map(c => [c.id, c.status]).slice(0, 2)).toEqual([
      ['inputs', 'fail'],
      ['secrets', 'pass']
    ])
    expect(rec.debug.filter(l => /→/.test(l))).toEqual([])
  })
})

describe('debug lines', () => {
  it('are not built where the platform does not show them (GitHub without RUNNER_DEBUG)', async () => {
    const inputs = { 'atlas-client-id': 'x', 'fail-on': 'sometimes' }
    const shown = recordingAdapter(inputs)
    await run(shown.adapter)
    expect(shown.debug).toContain('start secrets')
    const hidden = recordingAdapter(inputs)
    const debug: string[] = []
    await run({ ...hidden.adapter, debugging: false, debug: t => void debug.push(t) })
    expect(debug).toEqual([])
  })
})
