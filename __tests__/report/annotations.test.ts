import { describe, expect, it } from '@jest/globals'
import { annotationsFor } from '../../src/report/annotations.js'
import { buildReport, type Report } from '../../src/report/model.js'
import type { Finding, Severity } from '../../src/core/finding.js'
import type { CheckId } from '../../src/core/check-ids.js'
import { resultOf } from '../helpers/check-context.js'

const finding = (check: CheckId, n: number, severity: Severity, ignored = false): Finding => ({
  id: `${check}/f${n}`,
  check,
  severity,
  title: `Title ${severity} ${n}`,
  seen: `seen ${severity} ${n}`,
  fix: `fix ${severity} ${n}`,
  ...(ignored ? { ignored: true } : {})
})

/** A report whose findings are spread over two checks: the first `split` of each type on atlas-auth. */
function report(errors: number, warnings: number, notices = 0, split = Infinity): Report {
  const on = (i: number): CheckId => (i < split ? 'atlas-auth' : 'atlas-read')
  const all = [
    ...Array.from({ length: errors }, (_, i) => finding(on(i), i + 1, 'error')),
    ...Array.from({ length: warnings }, (_, i) => finding(on(i), i + 1, 'warning')),
    ...Array.from({ length: notices }, (_, i) => finding('atlas-auth', i + 1, 'notice'))
  ]
  return buildReport({
    results: [
      resultOf('atlas-auth', { findings: all.filter(f => f.check === 'atlas-auth') }),
      resultOf('atlas-read', { findings: all.filter(f => f.check === 'atlas-read') })
    ],
    status: errors ? 'fail' : warnings ? 'warn' : 'pass',
    exitCode: errors ? 1 : 0,
    startedAt: new Date('2025-06-01T12:00:00Z'),
    durationMs: 1234,
    policy: { failOn: 'error', ignore: [], timeoutSeconds: 60 },
    outputs: {}
  })
}

const count = (list: { severity: Severity }[], s: Severity) => list.filter(a => a.severity === s).length

describe('annotations', () => {
  it('one per error and warning, none for notices', () => {
    const a = annotationsFor(report(2, 3, 4))
    expect([count(a, 'error'), count(a, 'warning'), count(a, 'notice')]).toEqual([2, 3, 0])
  })

  it('each names the check and the finding title, and carries what was seen and the fix', () => {
    const [a] = annotationsFor(report(1, 0))
    expect(a?.title).toContain('atlas-auth')
    expect(a?.title).toContain('Title error 1')
    expect(a?.message).toContain('seen error 1')
    expect(a?.message).toContain('fix error 1')
  })

  it.each([
    [1, 1],
    [9, 9],
    [10, 10]
  ])('%i errors: all %i shown, nothing folded', (errors, shown) => {
    const a = annotationsFor(report(errors, 0))
    expect(a).toHaveLength(shown)
    expect(a.map(x => x.title)).toEqual(
      Array.from({ length: errors }, (_, i) => expect.stringContaining(`Title error ${i + 1}`))
    )
  })

  it.each([
    [11, 2],
    [25, 16]
  ])('%i errors: at most 10 annotations; the 10th says %i more', (errors, more) => {
    const a = annotationsFor(report(errors, 0, 0, 5))
    expect(a).toHaveLength(10)
    expect(a.slice(0, 9).map(x => x.title)).toEqual(
      Array.from({ length: 9 }, (_, i) => expect.stringContaining(`Title error ${i + 1}`))
    )
    expect(a[9]?.severity).toBe('error')
    expect(`${a[9]?.title} ${a[9]?.message}`).toContain(String(more))
    expect(a[9]?.title).not.toContain('Title error')
  })

  it('the cap is per type and across checks: 12 errors and 12 warnings on two checks give 10 of each', () => {
    const a = annotationsFor(report(12, 12, 0, 6))
    expect(a.filter(x => x.title.includes('atlas-read')).length).toBeGreaterThan(0)
    expect([count(a, 'error'), count(a, 'warning')]).toEqual([10, 10])
    expect(a.map(x => x.severity)).toEqual([...Array(10).fill('error'), ...Array(10).fill('warning')])
  })

  it('an error turned into a warning by `ignore` says so', () => {
    const r = report(0, 0)
    r.checks[0]!.findings = [finding('atlas-auth', 1, 'warning', true)]
    const [a] = annotationsFor(r)
    expect(a?.severity).toBe('warning')
    expect(a?.message).toContain('ignore')
  })
})
