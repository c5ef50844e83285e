/**
 * The lease in the job summary, as a reader sees it: the one thing the action wrote to Atlas is in the visible part
 * (entry, until when, who removes it), not folded in `<details>`; the post step's own section says what was removed,
 * or what is left and until when.
 */
import { describe, expect, it } from '@jest/globals'
import { rendered } from '../helpers/markdown.js'
import { renderSummary } from '../../src/report/summary.js'
import { buildReport } from '../../src/report/model.js'
import { code, md } from '../../src/report/markdown.js'
import { postLogLines, postSummarySection } from '../../src/lease/summary.js'
import { LEASE_FINDINGS as F } from '../../src/lease/findings.js'
import { resultOf } from '../helpers/check-context.js'
import type { CheckResult } from '../../src/check-support/check.js'

const UNTIL = '2025-06-01T18:00:00Z'
const summaryOf = (results: CheckResult[]) =>
  renderSummary(
    buildReport({
      results,
      status: 'pass',
      exitCode: 0,
      startedAt: new Date('2025-06-01T12:00:00Z'),
      durationMs: 1000,
      policy: { failOn: 'error', ignore: [], timeoutSeconds: 60 },
      outputs: { 'network-lease': 'created', 'network-lease-entry': '203.0.113.7/32' }
    })
  )
const visible = (markdown: string) => markdown.slice(0, markdown.indexOf('<details>'))

describe('the lease in the summary', () => {
  it('a created lease is in the visible part: the entry, until when, and who removes it', () => {
    const s = summaryOf([
      resultOf('atlas-network-lease', {
        findings: [F.created('203.0.113.7/32 was added.')],
        data: { lease: 'created', entry: '203.0.113.7/32', deleteAfterDate: UNTIL }
      })
    ])
    const text = rendered(visible(s)).text
    expect(text).toContain('Network access leased: 203.0.113.7/32')
    expect(text).toContain(`until ${UNTIL} at the latest`)
    expect(text).toContain("this job's post step removes it")
  })

  it('a shared lease names the last holder as the one who removes it; no lease, no line', () => {
    const shared = summaryOf([
      resultOf('atlas-network-lease', {
        data: { lease: 'shared', entry: '203.0.113.7/32', deleteAfterDate: UNTIL }
      })
    ])
    expect(rendered(visible(shared)).text).toContain('the last of the jobs that hold it removes it')
    const none = summaryOf([resultOf('atlas-network-lease', { status: 'skipped', skipReason: 'not asked' })])
    expect(rendered(visible(none)).text).not.toContain('Network access')
  })

  it('the post step says what was removed, or what is left and until when', () => {
    const removed = postSummarySection(
      [
        resultOf('atlas-network-lease', {
          findings: [F.released('203.0.113.7/32 was removed.')],
          data: { end: 'released', entry: '203.0.113.7/32' }
        })
      ],
      { md, code }
    )
    expect(rendered(removed).text).toContain('The leased entry was removed (a fresh read no longer lists it)')
    const left = postSummarySection(
      [
        resultOf('atlas-network-lease', {
          findings: [F['release-failed']('203.0.113.7/32 is still listed.')],
          data: { end: 'release-failed', entry: '203.0.113.7/32', deleteAfterDate: UNTIL }
        })
      ],
      { md, code }
    )
    const text = rendered(left).text
    // Its log says the same, with the fix, and nothing about checks that did not run.
    const log = postLogLines([
      resultOf('atlas-network-lease', { findings: [F['release-failed']('203.0.113.7/32 is still listed.')] })
    ])
    expect(log).toEqual([
      expect.stringMatching(
        /^atlas-preflight lease: The leased entry could not be removed\. 203\.0\.113\.7\/32 is still listed\.\n {2}Fix: /
      )
    ])
    expect(text).toContain('could not be confirmed removed')
    expect(text).toContain(`Left on the list: 203.0.113.7/32; Atlas removes it by itself at ${UNTIL}`)
  })
})
