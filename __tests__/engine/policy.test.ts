import { describe, expect, it } from '@jest/globals'
import { type Finding, type Severity } from '../../src/core/finding.js'
import {
  applyIgnore,
  checkStatus,
  exitCodeFor,
  runStatus,
  type CheckStatus,
  type FailOn,
  type RunStatus
} from '../../src/core/policy.js'
import { type CheckId } from '../../src/core/check-ids.js'

const f = (check: CheckId, severity: Severity): Finding => ({
  id: `${check}/x`,
  check,
  severity,
  title: 't',
  seen: 's',
  fix: 'f'
})

describe('checkStatus', () => {
  it.each([
    [[], 'pass'],
    [['notice'], 'pass'],
    [['notice', 'warning'], 'warn'],
    [['warning', 'error', 'notice'], 'fail'],
    [['error'], 'fail']
  ] as [Severity[], CheckStatus][])('%j → %s', (severities, status) => {
    expect(checkStatus(severities.map(s => f('atlas-read', s)))).toBe(status)
  })
})

describe('applyIgnore', () => {
  const findings = [
    f('atlas-read', 'error'),
    f('atlas-read', 'warning'),
    f('atlas-read', 'notice'),
    f('ai-auth', 'error')
  ]

  it('turns the errors of an ignored check into warnings marked ignored, and nothing else', () => {
    expect(applyIgnore(findings, new Set(['atlas-read']))).toEqual([
      { ...findings[0], severity: 'warning', ignored: true },
      findings[1],
      findings[2],
      findings[3]
    ])
  })

  it('`all` ignores the errors of every check', () => {
    expect(applyIgnore(findings, new Set(['all'])).map(x => [x.check, x.severity, x.ignored])).toEqual([
      ['atlas-read', 'warning', true],
      ['atlas-read', 'warning', undefined],
      ['atlas-read', 'notice', undefined],
      ['ai-auth', 'warning', true]
    ])
  })

  it('an empty ignore list changes nothing, and the input is not mutated', () => {
    const copy = structuredClone(findings)
    expect(applyIgnore(findings, new Set())).toEqual(copy)
    applyIgnore(findings, new Set(['all']))
    expect(findings).toEqual(copy)
  })
})

describe('runStatus', () => {
  it.each([
    [[], 'pass'],
    [['pass', 'skipped'], 'pass'],
    [['skipped'], 'pass'],
    [['pass', 'warn', 'skipped'], 'warn'],
    [['warn', 'fail', 'pass'], 'fail']
  ] as [CheckStatus[], RunStatus][])('%j → %s', (statuses, status) => {
    expect(runStatus(statuses)).toBe(status)
  })
})

describe('exitCodeFor', () => {
  it.each([
    ['pass', 'error', 0],
    ['warn', 'error', 0],
    ['fail', 'error', 1],
    ['pass', 'warning', 0],
    ['warn', 'warning', 1],
    ['fail', 'warning', 1],
    ['pass', 'never', 0],
    ['warn', 'never', 0],
    ['fail', 'never', 0]
  ] as [RunStatus, FailOn, number][])('status %s, fail-on %s → exit %i', (status, failOn, code) => {
    expect(exitCodeFor(status, failOn)).toBe(code)
  })
})

describe('outputs', () => {
  it('a lease that was asked for but never ran reports failed; one not asked for stays empty', async () => {
    const { computeOutputs } = await import('../../src/report/outputs.js')
    expect(computeOutputs([], 'fail', { lease: true })['network-lease']).toBe('failed')
    expect(computeOutputs([], 'pass', { lease: false })['network-lease']).toBe('')
  })
})
