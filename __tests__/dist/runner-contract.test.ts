/**
 * The runner contract (issue: foundation): a malformed secret produces an error annotation, status=fail, the
 * secret nowhere in any output; the CLI prints the same verdict. Runs dist/ exactly as the runner does.
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { ROOT, runAction } from '../../scripts/runner-harness.js'
import { leaks } from '../helpers/canary.js'

const PRIVATE = '7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f'
const inputs = { 'atlas-public-key': 'canarypk', 'atlas-private-key': `${PRIVATE}\n`, checks: 'secrets' }

describe('runner contract', () => {
  it('a malformed secret: error annotation, status=fail, exit 1, secret nowhere', async () => {
    const r = await runAction(inputs)
    expect(r.exitCode).toBe(1)
    expect(r.outputs['status']).toBe('fail')
    expect(r.outputs['failed-checks']).toBe('secrets')
    expect(r.annotations).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        title: 'atlas-preflight secrets: `atlas-private-key` ends with a newline'
      })
    )
    expect(r.stdout).toContain(`::add-mask::${PRIVATE}`)
    const written = [
      r.stdout.replace(/^::add-mask::.*$/gm, ''),
      r.stderr,
      r.files.output,
      r.files.summary
    ].join('\n')
    expect(leaks(written, [PRIVATE, 'canarypk'])).toEqual([])
    expect(r.summary).toContain('❌ Preflight failed')
    const report = JSON.parse(r.outputs['report']!)
    expect(report).toEqual(expect.objectContaining({ schemaVersion: 1, status: 'fail', exitCode: 1 }))
  })

  it('checks that do not apply are skipped, never passing', async () => {
    const r = await runAction({
      'ai-api-key': 'apikey-0123456789abcdef',
      checks: 'secrets',
      'fail-on': 'never'
    })
    const report = JSON.parse(r.outputs['report']!)
    const statuses = Object.fromEntries(
      report.checks.map((c: { id: string; status: string }) => [c.id, c.status])
    )
    expect(statuses['secrets']).toBe('pass')
    for (const id of ['egress-ip', 'atlas-auth', 'atlas-api-access-list', 'ai-auth', 'ai-credits'])
      expect(statuses[id]).toBe('skipped')
    expect(r.outputs['api-access-list']).toBe('skipped')
    expect(r.outputs['network-access-list']).toBe('skipped')
  })

  it('bad input values are findings with a clear message, and no network is touched', async () => {
    const r = await runAction({
      'ai-api-key': 'apikey-0123456789abcdef',
      'fail-on': 'maybe',
      'timeout-seconds': '-1',
      'min-credits': 'ten',
      checks: 'egress-ip,unknown-check',
      'ip-echo-urls': 'http://127.0.0.1:9/never'
    })
    expect(r.exitCode).toBe(1)
    const titles = r.annotations.map(a => a.title)
    expect(titles).toEqual(
      expect.arrayContaining([
        'atlas-preflight inputs: Invalid input `fail-on`',
        'atlas-preflight inputs: Invalid input `timeout-seconds`',
        'atlas-preflight inputs: Invalid input `min-credits`',
        'atlas-preflight inputs: Invalid input `checks`'
      ])
    )
    const report = JSON.parse(r.outputs['report']!)
    expect(report.checks.find((c: { id: string }) => c.id === 'egress-ip').status).toBe('skipped')
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/)
  })

  it('the CLI prints the same verdict, and --json the same report', () => {
    const env = {
      PATH: process.env.PATH ?? '',
      MONGODB_ATLAS_PUBLIC_API_KEY: 'canarypk',
      MONGODB_ATLAS_PRIVATE_API_KEY: `${PRIVATE}\n`,
      ATLAS_PREFLIGHT_CHECKS: 'secrets'
    }
    const cli = join(ROOT, 'bin/atlas-preflight.js')
    const text = spawnSync(process.execPath, [cli], { env, encoding: 'utf8' })
    expect(text.status).toBe(1)
    expect(text.stdout).toContain('FAIL')
    expect(text.stdout).toContain('[secrets/trailing-newline]')
    expect(leaks(text.stdout + text.stderr, [PRIVATE])).toEqual([])
    const json = spawnSync(process.execPath, [cli, '--json'], { env, encoding: 'utf8' })
    expect(json.status).toBe(1)
    const report = JSON.parse(json.stdout)
    expect(report.status).toBe('fail')
    expect(report.checks[0].findings[0].id).toBe('secrets/trailing-newline')
  })

  it('the CLI explains usage errors with exit 2 and has --help', () => {
    const cli = join(ROOT, 'bin/atlas-preflight.js')
    const bad = spawnSync(process.execPath, [cli, '--no-such-flag', 'x'], { encoding: 'utf8' })
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('unknown option --no-such-flag')
    const help = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' })
    expect(help.status).toBe(0)
    expect(help.stdout).toContain('--atlas-client-secret')
  })
})
