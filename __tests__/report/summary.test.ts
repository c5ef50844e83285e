import { describe, expect, it } from '@jest/globals'
import { renderSummary } from '../../src/report/summary.js'
import { buildReport, type Report } from '../../src/report/model.js'
import type { CheckResult } from '../../src/check-support/check.js'
import type { Finding, Severity } from '../../src/core/finding.js'
import { resultOf } from '../helpers/check-context.js'

const GITHUB_LIMIT = 1024 * 1024

const f = (id: string, severity: Severity, seen = `seen of ${id}`): Finding => ({
  id,
  check: id.split('/')[0] as Finding['check'],
  severity,
  title: `Title of ${id}`,
  seen,
  fix: `fix of ${id}`
})

function report(results: CheckResult[], outputs: Report['outputs'] = {}): Report {
  return buildReport({
    results,
    status: 'fail',
    exitCode: 1,
    startedAt: new Date('2025-06-01T12:00:00Z'),
    durationMs: 2500,
    policy: { failOn: 'error', ignore: ['atlas-privilege'], timeoutSeconds: 60 },
    outputs: {
      'auth-method': 'api-key',
      'api-access-list': 'allowed',
      'network-access-list': 'skipped',
      ...outputs
    }
  })
}

/** The table rows (lines starting with `|` after the header and separator). */
const rows = (md: string) =>
  md
    .split('\n')
    .filter(l => l.startsWith('|'))
    .slice(2)

describe('summary', () => {
  const sample = report(
    [
      resultOf('secrets', { findings: [f('secrets/ok', 'notice', 'All values are well formed.')] }),
      resultOf('atlas-auth', {
        findings: [f('atlas-auth/bad-api-key', 'error'), f('atlas-auth/x-warning', 'warning')]
      }),
      resultOf('atlas-read', { status: 'skipped', skipReason: 'atlas-auth failed' }),
      resultOf('egress-ip', { findings: [f('egress-ip/detected', 'notice', '203.0.113.7 as Atlas sees it')] })
    ],
    { 'egress-ip': '203.0.113.7', 'credit-balance': '12.500000', 'credit-currency': 'usd' }
  )
  const md = renderSummary(sample, 'https://github.com/o/r/actions/runs/1')

  it('one row per passing or skipped check, one per error or warning', () => {
    const r = rows(md)
    expect(r).toHaveLength(5)
    expect(r[0]).toContain('`secrets`')
    expect(r[0]).toContain('All values are well formed.')
    expect(r[1]).toContain('`atlas-auth`')
    expect(r[1]).toContain('Title of atlas-auth/bad-api-key')
    expect(r[1]).toContain('fix of atlas-auth/bad-api-key')
    expect(r[2]).toContain('Title of atlas-auth/x-warning')
    expect(r[2]).not.toContain('`atlas-auth`')
    expect(r[3]).toContain('`atlas-read`')
    expect(r[3]).toContain('atlas-auth failed')
    expect(r[4]).toContain('203.0.113.7 as Atlas sees it')
  })

  it('every row has the six columns of the header', () => {
    const cells = (line: string) => line.split(/(?<!\\)\|/).length
    const header = md.split('\n').find(l => l.startsWith('|'))!
    expect(rows(md).map(cells)).toEqual(rows(md).map(() => cells(header)))
  })

  it('states the facts: address, auth method, credit, and links the run', () => {
    expect(md).toContain('203.0.113.7')
    expect(md).toContain('api-key')
    expect(md).toContain('12.500000')
    expect(md).toContain('https://github.com/o/r/actions/runs/1')
  })

  it('server text cannot break the table or inject HTML', () => {
    const out = renderSummary(
      report([
        resultOf('atlas-read', {
          findings: [f('atlas-read/x', 'error', 'a | b\nc <img src=x onerror=alert(1)>')]
        })
      ])
    )
    expect(rows(out)).toHaveLength(1)
    expect(out).not.toMatch(/(?<!\\)<img/)
    expect(out).not.toMatch(/[^\\]\| b/)
  })

  it('is not truncated under the size limit', () => {
    expect(md).not.toContain('truncated')
  })

  it('is truncated below GitHub’s 1 MiB limit, saying so, when the findings are huge', () => {
    const many = Array.from({ length: 40 }, (_, i) => f(`atlas-read/big-${i}`, 'error', 'x'.repeat(40_000)))
    const out = renderSummary(report([resultOf('atlas-read', { findings: many })]))
    expect(many.length * 40_000).toBeGreaterThan(GITHUB_LIMIT)
    expect(Buffer.byteLength(out, 'utf8')).toBeLessThan(GITHUB_LIMIT)
    expect(out.slice(-200)).toContain('truncated')
    expect(out.startsWith('## ')).toBe(true)
  })
})
