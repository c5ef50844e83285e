/**
 * Server-controlled text (error `detail`, project names, entry comments, AI error messages) never becomes a
 * workflow command: no `::error::`, `::add-mask::`, `::set-output`, `%0A` or CR/LF from a server reaches the runner
 * as a command, however a reporter uses it. And input parsing never throws, whatever the strings.
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { startSandbox } from '../../sandbox/index.js'
import { runAction } from '../../scripts/runner-harness.js'
import { parseConfig } from '../../src/config/config.js'
import { parseArgs } from '../../src/cli.js'
import { INPUTS } from '../../src/config/inputs.js'

const EVIL =
  'x\n::error title=owned::injected\r\n::add-mask::203.0.113.10\n::set-output name=status::pass\n%0A::warning::encoded'

describe('workflow-command injection', () => {
  it('hostile server texts stay data', async () => {
    const sandbox = await startSandbox({
      scenario: {
        extends: 'healthy',
        atlas: {
          projects: [
            {
              id: '65a1b2c3d4e5f60718293a4c',
              name: EVIL,
              accessList: [{ cidrBlock: '203.0.113.0/24', comment: EVIL, status: 'ACTIVE' }]
            }
          ]
        },
        faults: [
          {
            route: 'atlas.groups',
            fault: 'body',
            status: 403,
            body: {
              error: 403,
              errorCode: 'IP_ADDRESS_NOT_ON_ACCESS_LIST::error::x',
              detail: EVIL,
              parameters: [EVIL],
              reason: EVIL
            }
          },
          {
            route: 'ai.balance',
            fault: 'body',
            status: 401,
            body: { error: { type: EVIL, code: EVIL, message: EVIL, param: null }, request_id: EVIL }
          }
        ]
      }
    })
    // With the runner's debug logging on, so that the debug lines (which quote what servers sent) are written too.
    const r = await runAction(sandbox.inputs(), { env: { RUNNER_DEBUG: '1' } })
    await sandbox.stop()
    const commands = r.stdout.split('\n').filter(l => l.startsWith('::'))
    for (const line of commands) {
      // Our own commands only: masks of the inputs, debug lines, and annotations titled by atlas-preflight.
      expect(line).toMatch(
        /^::(add-mask::(mdb_sa_|apikey-|eyJ)|debug::|(error|warning|notice) title=atlas-preflight )/
      )
    }
    // The hostile text is still shown (as data), but no runner-parsed command carries it.
    expect(r.annotations.map(a => a.title).every(t => t.startsWith('atlas-preflight '))).toBe(true)
    expect(r.stdout).not.toMatch(/^::(error|warning) title=owned/m)
    expect(r.stdout).not.toMatch(/^::set-output/m)
    expect(r.stdout).not.toMatch(/^::add-mask::203\.0\.113\.10$/m)
    expect(r.outputs['status']).toBe('fail')
    expect(r.summary).not.toMatch(/^::/m)
    expect(r.files.output).not.toMatch(/^status<<[\s\S]*pass[\s\S]*status<</)
  })
})

describe('input parsing never throws (property)', () => {
  const names = INPUTS.map(i => i.name)
  it('parseConfig on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...names), fc.string({ unit: 'binary' })), raw => {
        const { config, findings } = parseConfig(raw)
        expect(config.timeoutSeconds).toBeGreaterThan(0)
        for (const f of findings) expect(f.fix.length).toBeGreaterThan(0)
      }),
      { numRuns: 1000 }
    )
  })

  it('the CLI argument parser on arbitrary arguments', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.string(), fc.constantFrom(...names.map(n => `--${n}`), '--json', '--help', '--'))
        ),
        argv => {
          const parsed = parseArgs(argv, {})
          // Only known inputs come out, each a string; a usage error is a sentence, never a throw.
          expect(Object.keys(parsed.inputs).filter(k => !names.includes(k))).toEqual([])
          expect(Object.values(parsed.inputs).every(v => typeof v === 'string')).toBe(true)
          expect(parsed.error === undefined || parsed.error.length > 0).toBe(true)
        }
      ),
      { numRuns: 1000 }
    )
  })
})
