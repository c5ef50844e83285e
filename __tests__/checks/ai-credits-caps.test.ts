/**
 * ai-credits, every cap (issue 23, behaviours 5 to 7) and figures that are never nonsense (issue 19, item 7).
 * Facts relied on (atlas-round3.md §4, likely): the Management API is read at `ai-base-url` + /public/v1 with a
 * `mgmt-` Bearer key; a project's budget is `monthly_limit {value, currency}` (null or {} = unlimited). UNKNOWN,
 * so each plausible answer is covered: how usage totals are written (a `total` money, or daily buckets) and whether
 * a key's allowance can be read at all (an `allowance`, an `allowance_remaining`, or nothing).
 */
import { describe, expect, it } from '@jest/globals'
import { aiCreditsCheck } from '../../src/checks/index.js'
import type { AiAuthData } from '../../src/checks/ai-auth.js'
import {
  AI_INPUTS,
  MANAGEMENT_KEY,
  json,
  problems,
  runCheck,
  seenOf,
  testDeadline,
  type IdSeverity,
  type Routes
} from '../helpers/check-context.js'

const BALANCE = 'GET /public/v1/balance'
const COSTS = 'GET /public/v1/model-costs'
const PROJECT = 'GET /public/v1/projects/prj_7'
const PROJECT_USAGE = 'GET /public/v1/projects/prj_7/usage'
const KEY_USAGE = 'GET /public/v1/api-keys/ak_pipeline/usage'
const READABLE: AiAuthData = { keyValid: true, balanceReadable: true }
const money = (value: string) => ({ value, currency: 'usd' })
const balance = (available: string, extra: Record<string, unknown> = {}) =>
  json(200, { object: 'balance', available: money(available), ...extra })
const NO_COSTS = json(200, { object: 'list', data: [], has_more: false })
const MGMT = { ...AI_INPUTS, 'ai-management-key': MANAGEMENT_KEY }
const WITH_PROJECT = { ...MGMT, 'ai-project-id': 'prj_7' }
const WITH_KEY = { ...MGMT, 'ai-key-id': 'ak_pipeline' }
const never = () => new Promise<never>(() => undefined)

interface Case {
  name: string
  inputs: Record<string, string>
  routes: Routes
  problems: IdSeverity[]
  headroom: string
  binding: string
  seen: string
}

const cases: Case[] = [
  {
    name: 'ai-credits/below-minimum: the project budget binds, and the fix raises the budget, not a top-up',
    inputs: { ...WITH_PROJECT, 'min-credits': '10' },
    routes: {
      [PROJECT]: json(200, { id: 'prj_7', name: 'ingest', monthly_limit: money('50.000000') }),
      [PROJECT_USAGE]: json(200, { object: 'usage', total: money('45.000000') })
    },
    problems: [['ai-credits/below-minimum', 'error']],
    headroom: '5.000000',
    binding: 'project-budget',
    seen: "the project's monthly budget left"
  },
  {
    name: 'the budget answer inside `data`, usage as daily buckets: the same cap',
    inputs: { ...WITH_PROJECT, 'warn-credits': '20' },
    routes: {
      [PROJECT]: json(200, { data: { id: 'prj_7', budget: { monthly_limit: money('30.000000') } } }),
      [PROJECT_USAGE]: json(200, {
        object: 'list',
        data: [
          { date: '2025-06-01', results: [{ amount: money('12.500000') }] },
          { date: '2025-06-02', results: [{ amount: money('2.500000') }] }
        ]
      })
    },
    problems: [['ai-credits/below-warning', 'warning']],
    headroom: '15.000000',
    binding: 'project-budget',
    seen: '15.00 USD spent since 2025-06-01'
  },
  {
    name: 'pass: an unlimited budget (monthly_limit null) leaves the balance binding',
    inputs: { ...WITH_PROJECT, 'min-credits': '10' },
    routes: { [PROJECT]: json(200, { id: 'prj_7', monthly_limit: null }) },
    problems: [],
    headroom: '125.500000',
    binding: 'balance',
    seen: 'Available 125.50 USD'
  },
  {
    name: 'ai-credits/below-warning: the key allowance binds (allowance and usage in the answer)',
    inputs: { ...WITH_KEY, 'warn-credits': '5' },
    routes: { [KEY_USAGE]: json(200, { allowance: money('20.000000'), total: money('18.000000') }) },
    problems: [['ai-credits/below-warning', 'warning']],
    headroom: '2.000000',
    binding: 'key-allowance',
    seen: "the key's allowance left"
  },
  {
    name: 'the key allowance as a remaining figure',
    inputs: { ...WITH_KEY },
    routes: {
      [KEY_USAGE]: json(200, { allowance: { limit: money('50.000000'), remaining: money('7.250000') } })
    },
    problems: [],
    headroom: '7.250000',
    binding: 'key-allowance',
    seen: '7.25'
  },
  {
    name: 'ai-credits/cap-unread: a key allowance that cannot be read, with a threshold set, is not a pass',
    inputs: { ...WITH_KEY, 'min-credits': '10' },
    routes: { [KEY_USAGE]: json(200, { total: money('3.000000') }) },
    problems: [['ai-credits/cap-unread', 'warning']],
    headroom: '125.500000',
    binding: 'unknown',
    seen: 'documents no read of a key'
  },
  {
    name: 'no threshold: an unread cap is named, the headroom is "at most", the binding cap unknown',
    inputs: { ...WITH_KEY },
    routes: { [KEY_USAGE]: json(200, { total: money('3.000000') }) },
    problems: [],
    headroom: '125.500000',
    binding: 'unknown',
    seen: 'at most 125.50 USD'
  },
  {
    name: 'ai-credits/cap-unread: a project budget without a management key, with `min-credits` set',
    inputs: { ...AI_INPUTS, 'ai-project-id': 'prj_7', 'min-credits': '10' },
    routes: {},
    problems: [['ai-credits/cap-unread', 'warning']],
    headroom: '125.500000',
    binding: 'unknown',
    seen: '`ai-management-key` is not'
  },
  {
    name: 'ai-credits/cap-unread: the management key may not read the project (403)',
    inputs: { ...WITH_PROJECT, 'warn-days-left': '3' },
    routes: {
      [PROJECT]: json(403, { error: { type: 'permission_error', code: 'forbidden', message: 'No.' } })
    },
    problems: [['ai-credits/cap-unread', 'warning']],
    headroom: '125.500000',
    binding: 'unknown',
    seen: 'HTTP 403'
  },
  {
    name: 'ai-credits/cap-unread: a malformed budget is not read as unlimited',
    inputs: { ...WITH_PROJECT, 'min-credits': '1' },
    routes: { [PROJECT]: json(200, { id: 'prj_7', monthly_limit: { value: 'lots', currency: 'usd' } }) },
    problems: [['ai-credits/cap-unread', 'warning']],
    headroom: '125.500000',
    binding: 'unknown',
    seen: 'monthly_limit'
  }
]

describe('ai-credits: every cap, the tightest wins', () => {
  it.each(cases)('$name', async c => {
    const { outcome, http } = await runCheck(aiCreditsCheck, {
      inputs: c.inputs,
      routes: { [BALANCE]: balance('125.500000'), [COSTS]: NO_COSTS, ...c.routes },
      results: { 'ai-auth': { data: READABLE } }
    })
    expect(problems(outcome)).toEqual(c.problems)
    expect(outcome.outputs?.['credit-headroom']).toBe(c.headroom)
    expect(outcome.outputs?.['credit-binding-cap']).toBe(c.binding)
    expect(outcome.outputs?.['credit-balance']).toBe('125.500000')
    expect(seenOf(outcome)).toContain(c.seen)
    // The management key goes only to the Management API, and only in GETs.
    const withMgmt = http.calls.filter(r => r.headers?.['authorization'] === `Bearer ${MANAGEMENT_KEY}`)
    for (const r of withMgmt) {
      expect(r.method).toBe('GET')
      expect(new URL(r.url).pathname).toMatch(/^\/public\/v1\/(projects|api-keys)\//)
    }
    expect(http.calls.filter(r => JSON.stringify(r).includes(MANAGEMENT_KEY))).toEqual(withMgmt)
  })

  it('names the action that unblocks the binding cap', async () => {
    const { outcome } = await runCheck(aiCreditsCheck, {
      inputs: { ...WITH_PROJECT, 'min-credits': '10' },
      routes: {
        [BALANCE]: balance('125.500000'),
        [COSTS]: NO_COSTS,
        [PROJECT]: json(200, { id: 'prj_7', monthly_limit: money('50.000000') }),
        [PROJECT_USAGE]: json(200, { total: money('45.000000') })
      },
      results: { 'ai-auth': { data: READABLE } }
    })
    const gate = outcome.findings.find(f => f.id === 'ai-credits/below-minimum')!
    expect(gate.fix).toContain("Raise the project's monthly budget")
    expect(gate.fix).toContain('2025-07-01')
    expect(gate.fix).not.toMatch(/^Top up/)
  })

  it('asks for this UTC month up to now, today included', async () => {
    const { http } = await runCheck(aiCreditsCheck, {
      inputs: WITH_PROJECT,
      routes: {
        [BALANCE]: balance('125.500000'),
        [COSTS]: NO_COSTS,
        [PROJECT]: json(200, { id: 'prj_7', monthly_limit: money('50.000000') }),
        [PROJECT_USAGE]: json(200, { total: money('1.000000') })
      },
      results: { 'ai-auth': { data: READABLE } }
    })
    const q = new URL(http.calls.find(c => c.url.includes('/usage'))!.url).searchParams
    expect([q.get('start_date'), q.get('end_date')]).toEqual(['2025-06-01', '2025-06-02'])
  })

  it('ai-credits/cap-unread: a hung Management API read is bounded, and names the read', async () => {
    const { outcome } = await runCheck(aiCreditsCheck, {
      inputs: { ...WITH_PROJECT, 'min-credits': '10' },
      routes: { [BALANCE]: balance('125.500000'), [COSTS]: NO_COSTS, [PROJECT]: never },
      results: { 'ai-auth': { data: READABLE } },
      deadline: testDeadline(800)
    })
    expect(problems(outcome)).toEqual([['ai-credits/cap-unread', 'warning']])
    expect(seenOf(outcome)).toContain('GET /public/v1/projects/prj_7 did not answer in time')
    expect(outcome.outputs?.['credit-balance']).toBe('125.500000')
  })

  it('ai-credits/cap-unread: an unreadable balance with a threshold set is a warning, never a skip', async () => {
    const { outcome } = await runCheck(aiCreditsCheck, {
      inputs: { ...AI_INPUTS, 'min-credits': '10' },
      routes: {},
      results: { 'ai-auth': { data: { keyValid: true, balanceReadable: false } } }
    })
    expect(problems(outcome)).toEqual([['ai-credits/cap-unread', 'warning']])
    expect(outcome.skipped).toBeUndefined()
    expect(outcome.outputs?.['credit-binding-cap']).toBe('unknown')
  })

  it.each([
    ['coding-plan', 'The Coding Plan allowance is spent', 'coding-plan', 'naming the Coding Plan'],
    ['balance', 'The Atlas Cloud balance cannot cover requests (402)', 'balance', 'naming the balance'],
    ['either', 'Atlas Cloud answered 402 Payment Required', 'unknown', 'Both are possible']
  ] as const)('ai-credits/coding-plan-spent: a 402 that names %s', async (which, title, binding, seen) => {
    const { outcome } = await runCheck(aiCreditsCheck, {
      inputs: AI_INPUTS,
      routes: {},
      results: { 'ai-auth': { data: { keyValid: true, balanceReadable: false, paymentRequired: which } } }
    })
    expect(problems(outcome)).toEqual([['ai-credits/coding-plan-spent', 'error']])
    expect(outcome.findings[0]!.title).toBe(title)
    expect(outcome.findings[0]!.seen).toContain(seen)
    expect(outcome.outputs?.['credit-binding-cap']).toBe(binding)
    expect(outcome.outputs?.['credit-headroom']).toBe('0.000000')
  })

  it("shows a credit line's remaining overdraft, never counted as headroom", async () => {
    const { outcome } = await runCheck(aiCreditsCheck, {
      inputs: { ...AI_INPUTS, 'min-credits': '10' },
      routes: {
        [BALANCE]: balance('4.000000', {
          credit_grant: { status: 'active', remaining_overdraft: money('500.000000') }
        }),
        [COSTS]: NO_COSTS
      },
      results: { 'ai-auth': { data: READABLE } }
    })
    expect(problems(outcome)).toEqual([['ai-credits/below-minimum', 'error']])
    expect(outcome.outputs?.['credit-headroom']).toBe('4.000000')
    expect(seenOf(outcome)).toContain('remaining overdraft is 500.00 USD')
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Issue 19, item 7: the runway is never NaN, Infinity or a guess.

const DAY = 86_400_000
const FIRST = Date.parse('2025-05-18T00:00:00Z')
const day = (i: number) => new Date(FIRST + i * DAY).toISOString().slice(0, 10)
const raw = (i: number, value: string) => ({
  object: 'model_cost.bucket',
  date: day(i),
  partial: false,
  covered_until: `${day(i + 1)}T00:00:00Z`,
  end_at: `${day(i + 1)}T00:00:00Z`,
  results: [{ object: 'model_cost.result', amount: { value, currency: 'usd' } }]
})
const series = (buckets: unknown[]) => json(200, { object: 'list', data: buckets, has_more: false })
const HUGE = '9'.repeat(300)

describe('ai-credits: the runway figures are finite and explained', () => {
  const run = (
    inputs: Record<string, string>,
    costs: ReturnType<typeof json> | (() => Promise<never>),
    ms?: number
  ) =>
    runCheck(aiCreditsCheck, {
      inputs,
      routes: { [BALANCE]: balance('30.000000'), [COSTS]: costs },
      results: { 'ai-auth': { data: READABLE } },
      ...(ms ? { deadline: testDeadline(ms) } : {})
    })

  it('buckets outside the 14 days asked for are ignored', async () => {
    const inside = Array.from({ length: 14 }, (_, i) => raw(i, '10.000000'))
    const before = Array.from({ length: 14 }, (_, i) => raw(i - 14, '0.000000'))
    const after = [raw(14, '500.000000'), raw(15, '500.000000')]
    const { outcome } = await run(
      { ...AI_INPUTS, 'warn-days-left': '7' },
      series([...before, ...inside, ...after])
    )
    expect(outcome.outputs?.['credit-days-left']).toBe('3.0')
    expect(seenOf(outcome)).toContain('16 buckets outside it ignored')
  })

  it.each([
    ['amounts beyond any real spend', Array.from({ length: 14 }, (_, i) => raw(i, `${HUGE}.000000`))],
    [
      'amounts that overflow when added up',
      Array.from({ length: 14 }, (_, i) => raw(i, `${'9'.repeat(308)}.000000`))
    ],
    ['an amount that is not a finite number', [raw(0, `${'9'.repeat(400)}.0`), raw(1, '1.000000')]],
    ['an amount that is NaN', [raw(0, 'NaN'), raw(1, '1.000000'), raw(2, '1.000000')]],
    ['a negative series', Array.from({ length: 14 }, (_, i) => raw(i, '-5.000000'))]
  ])('ai-credits/runway-not-read: %s with `min-days-left` set never passes', async (_name, buckets) => {
    const { outcome } = await run({ ...AI_INPUTS, 'min-days-left': '2' }, series(buckets))
    expect(problems(outcome)).toEqual([['ai-credits/runway-not-read', 'warning']])
    expect(outcome.outputs?.['credit-days-left']).toBe('')
    expect(JSON.stringify(outcome)).not.toMatch(/NaN|Infinity/)
  })

  it('a rate too small to end the credit within a century is unbounded, not a day count', async () => {
    const { outcome } = await run(
      { ...AI_INPUTS, 'min-days-left': '2' },
      series(Array.from({ length: 14 }, (_, i) => raw(i, '0.000001')))
    )
    expect(problems(outcome)).toEqual([])
    expect(outcome.outputs?.['credit-days-left']).toBe('')
    expect(seenOf(outcome)).toContain('does not run out')
    // There was spend: the run says so, never "no spend".
    expect(seenOf(outcome)).toContain('less than 0.01 USD a day')
    expect(seenOf(outcome)).not.toMatch(/no spend/i)
  })

  it('a hung costs endpoint leaves the balance and its outputs intact', async () => {
    const { outcome } = await run({ ...AI_INPUTS, 'warn-days-left': '7' }, never, 800)
    expect(outcome.outputs?.['credit-balance']).toBe('30.000000')
    expect(outcome.outputs?.['credit-headroom']).toBe('30.000000')
    expect(outcome.outputs?.['credit-days-left']).toBe('')
    expect(problems(outcome)).toEqual([['ai-credits/runway-not-read', 'warning']])
    expect(seenOf(outcome)).toContain('did not answer in time')
  })
})
