/**
 * The job summary as a reader sees it: rendered with a GitHub-flavoured Markdown renderer (marked, gfm), then read
 * as text and elements, never as Markdown source.
 */
import { describe, expect, it } from '@jest/globals'
import { rendered } from '../helpers/markdown.js'
import { anchorOf, renderSummary } from '../../src/report/summary.js'
import { buildReport, type Report } from '../../src/report/model.js'
import type { CheckResult } from '../../src/check-support/check.js'
import type { Finding, Severity } from '../../src/core/finding.js'
import type { RunStatus } from '../../src/core/policy.js'
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

function report(results: CheckResult[], status: RunStatus = 'fail', outputs: Report['outputs'] = {}): Report {
  return buildReport({
    results,
    status,
    exitCode: status === 'fail' ? 1 : 0,
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

describe('summary, fix first', () => {
  const sample = report(
    [
      resultOf('secrets', { findings: [f('secrets/ok', 'notice', 'All values are well formed.')] }),
      resultOf('atlas-auth', {
        findings: [f('atlas-auth/bad-api-key', 'error'), f('atlas-auth/x-warning', 'warning')]
      }),
      resultOf('atlas-read', {
        status: 'skipped',
        skipReason: 'atlas-auth failed',
        skipKind: 'could-not-run'
      }),
      resultOf('egress-ip', { findings: [f('egress-ip/detected', 'notice', '203.0.113.7 as Atlas sees it')] })
    ],
    'fail',
    { 'egress-ip': '203.0.113.7', 'credit-balance': '12.500000', 'credit-currency': 'usd' }
  )
  const view = rendered(
    renderSummary(sample, {
      runUrl: 'https://github.com/o/r/actions/runs/1',
      troubleshootingUrl: 'https://github.com/owner/atlas-preflight/blob/v1/docs/troubleshooting.md'
    })
  )

  it('the heading says what failed', () => {
    expect(view.h2).toEqual(['❌ Preflight failed: 1 problem, 1 warning, 1 check could not run'])
  })

  it('each problem comes first, in order, with its id, what was seen and the fix', () => {
    expect(view.h3).toEqual(['1. Title of atlas-auth/bad-api-key', '2. ⚠️ Title of atlas-auth/x-warning'])
    expect(view.text.indexOf('Fix: fix of atlas-auth/bad-api-key')).toBeGreaterThan(0)
    expect(view.text.indexOf('Fix: fix of atlas-auth/bad-api-key')).toBeLessThan(
      view.text.indexOf('All checks')
    )
    expect(view.code).toContain('atlas-auth/bad-api-key')
  })

  it('links each id to its troubleshooting entry', () => {
    expect(view.links).toContain(
      'https://github.com/owner/atlas-preflight/blob/v1/docs/troubleshooting.md#atlas-authbad-api-key'
    )
    expect(anchorOf('atlas-auth/bad-api-key')).toBe('atlas-authbad-api-key')
  })

  it('folds every check, with the facts, into one details block', () => {
    expect(view.html).toContain('<details><summary>All checks')
    expect(view.text).toContain('All checks (2 passed, 1 failed, 1 could not run)')
    for (const id of ['secrets', 'atlas-auth', 'atlas-read', 'egress-ip']) expect(view.code).toContain(id)
    expect(view.text).toContain('atlas-auth failed')
    expect(view.code).toContain('12.500000 usd')
  })

  it('ends with the runner, the policy and a link to the run', () => {
    expect(view.code).toContain('203.0.113.7')
    expect(view.code).toContain('error')
    expect(view.links).toContain('https://github.com/o/r/actions/runs/1')
  })

  it('a check nobody asked for is "not applicable", one a failure blocked "could not run", in every count', () => {
    const notAsked = (id: CheckResult['id'], why: string) =>
      resultOf(id as never, { status: 'skipped', skipReason: why, skipKind: 'not-applicable' })
    const warn = rendered(
      renderSummary(
        report(
          [
            resultOf('secrets', { findings: [f('secrets/ai-key-prefix', 'warning')] }),
            resultOf('atlas-read', { findings: [] }),
            notAsked('ai-auth', 'no ai-api-key given'),
            notAsked('ai-credits', 'no ai-api-key given'),
            notAsked('atlas-cluster', 'no `cluster` given'),
            notAsked('atlas-network-lease', '`lease-network-access` is not `true`')
          ],
          'warn'
        )
      )
    )
    expect(warn.h2).toEqual(['⚠️ Preflight passed with 1 warning, 4 not applicable'])
    expect(warn.text).not.toContain('could not run')
    expect(warn.text).toContain('All checks (1 passed, 1 warned, 4 not applicable)')
    expect(warn.text).toMatch(/ai-auth\s*not applicable\s*no ai-api-key given/)

    const blocked = rendered(
      renderSummary(
        report(
          [
            resultOf('atlas-auth', { findings: [f('atlas-auth/bad-api-key', 'error')] }),
            resultOf('atlas-read', {
              status: 'skipped',
              skipReason: 'atlas-auth failed',
              skipKind: 'could-not-run'
            }),
            notAsked('ai-auth', 'no ai-api-key given')
          ],
          'fail'
        )
      )
    )
    expect(blocked.h2).toEqual(['❌ Preflight failed: 1 problem, 1 check could not run, 1 not applicable'])
    expect(blocked.text).toMatch(/atlas-read\s*could not run\s*atlas-auth failed/)
  })

  it('problems that share a cause are listed under it, with its one fix', () => {
    const listed = { ...f('atlas-network-access-list/not-on-list', 'error') }
    const timeout = { ...f('cluster-reachability/timeout', 'error'), cause: listed.id }
    const refused = { ...f('cluster-reachability/refused', 'error'), cause: listed.id }
    const view = rendered(
      renderSummary(
        report([
          resultOf('atlas-network-access-list', { findings: [listed] }),
          resultOf('cluster-reachability', { findings: [timeout, refused] })
        ])
      )
    )
    expect(view.h2).toEqual(['❌ Preflight failed: 1 problem (and 2 problems they cause)'])
    expect(view.h3).toEqual(['1. Title of atlas-network-access-list/not-on-list'])
    expect(view.text).toContain('Because of this (the fix below fixes them too):')
    expect(view.text).toContain(
      'Title of cluster-reachability/timeout: cluster-reachability/timeout · seen of'
    )
    expect(view.text.match(/Fix: /g)).toHaveLength(1)
    expect(view.text).not.toContain('Fix: fix of cluster-reachability')
  })

  it('a finding whose cause is not a problem of this run keeps its own section and fix', () => {
    const timeout = {
      ...f('cluster-reachability/timeout', 'error'),
      cause: 'atlas-network-access-list/not-on-list'
    }
    const view = rendered(renderSummary(report([resultOf('cluster-reachability', { findings: [timeout] })])))
    expect(view.h3).toEqual(['1. Title of cluster-reachability/timeout'])
    expect(view.text).toContain('Fix: fix of cluster-reachability/timeout')
  })

  it('a problem’s title is bold in the checks table, never literal asterisks', () => {
    const view = rendered(
      renderSummary(
        report([resultOf('secrets', { findings: [f('secrets/ai-key-prefix', 'warning')] })], 'warn')
      )
    )
    expect(view.html).toContain('<strong>Title of secrets/ai-key-prefix:</strong>')
    expect(view.text).not.toContain('**')
  })

  it('a passing run says so in its heading and lists no problem', () => {
    const pass = rendered(renderSummary(report([resultOf('secrets', { findings: [] })], 'pass')))
    expect(pass.h2).toEqual(['✅ Preflight passed: 1 check'])
    expect(pass.h3).toEqual([])
  })

  it('server text renders as text: no link, no image, no HTML, no broken table', () => {
    const hostile =
      '![x](https://evil.example/p.png) [Fix it here](https://evil.example) a | b <img src=x> `code`'
    const out = rendered(
      renderSummary(report([resultOf('atlas-read', { findings: [f('atlas-read/x', 'error', hostile)] })]))
    )
    expect(out.images).toBe(0)
    expect(out.links.filter(l => l.includes('evil'))).toEqual([])
    expect(out.text).toContain('[Fix it here](https://evil.example)')
    expect(out.text).toContain('a | b <img src=x>')
  })

  it('no HTML entity shows inside a code span', () => {
    const withCode = f('atlas-api-access-list/not-on-list', 'error')
    withCode.fix = 'Run `atlas organizations apiKeys accessLists create --apiKey <key id> --ip 203.0.113.7`.'
    const out = rendered(renderSummary(report([resultOf('atlas-api-access-list', { findings: [withCode] })])))
    expect(out.code).toContain(
      'atlas organizations apiKeys accessLists create --apiKey <key id> --ip 203.0.113.7'
    )
    expect(out.text).not.toContain('&lt;')
  })

  it('is cut below GitHub’s 1 MiB limit, in bytes, saying so, when the findings are huge', () => {
    const many = Array.from({ length: 40 }, (_, i) => f(`atlas-read/big-${i}`, 'error', '€'.repeat(20_000)))
    const out = renderSummary(report([resultOf('atlas-read', { findings: many })]))
    expect(Buffer.byteLength(out, 'utf8')).toBeLessThan(GITHUB_LIMIT)
    expect(out.slice(-200)).toContain('cut to fit')
    expect(out).not.toContain('\uFFFD')
    expect(out.startsWith('## ')).toBe(true)
  })
})

describe('summary: the AI spend trend', () => {
  it('shows the daily spend of ai-credits as a sparkline with its range, in the details block', () => {
    const r = report(
      [
        resultOf('ai-credits', {
          findings: [f('ai-credits/runway', 'notice', 'lasts about 31.3 days')],
          data: {
            spendTrend: '▂▃▄█',
            dailySpend: [
              { date: '2025-05-28', usd: 1 },
              { date: '2025-05-29', usd: 2 },
              { date: '2025-05-30', usd: 3 },
              { date: '2025-05-31', usd: 8 }
            ]
          }
        })
      ],
      'pass',
      { 'credit-balance': '125.500000', 'credit-currency': 'usd', 'credit-days-left': '31.3' }
    )
    const md = renderSummary(r)
    const details = md.slice(md.indexOf('<details>'), md.indexOf('</details>'))
    expect(details).toContain('AI spend per day, 2025-05-28 to 2025-05-31')
    expect(details).toContain('`▂▃▄█`')
    expect(details).toContain('1.00 to 8.00 USD a day')
    expect(details).toContain('31.3 days of credit left')
  })

  it('says nothing of spend when ai-credits has no trend', () => {
    const r = report([resultOf('ai-credits', { findings: [] })], 'pass')
    expect(renderSummary(r)).not.toContain('AI spend per day')
  })
})
