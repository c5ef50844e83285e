import { describe, expect, it } from '@jest/globals'
import { aiCreditsCheck } from '../../src/checks/index.js'
import type { AiAuthData } from '../../src/checks/ai-auth.js'
import {
  AI_INPUTS,
  checkContext,
  json,
  problems,
  runCheck,
  seenOf,
  statusOf,
  type IdSeverity
} from '../helpers/check-context.js'
import type { CheckStatus } from '../../src/core/policy.js'

const BALANCE = 'GET /public/v1/balance'
const READABLE: AiAuthData = { keyValid: true, balanceReadable: true }
const money = (value: unknown, currency: unknown = 'usd') => ({ value, currency })
const balance = (available: unknown, extra: Record<string, unknown> = {}) =>
  json(200, { available, ...extra }, { 'x-request-id': 'req-42' })

interface Case {
  name: string
  inputs?: Record<string, string>
  body: ReturnType<typeof json>
  problems: IdSeverity[]
  status: CheckStatus
  outputs: Record<string, string>
  seen: string
}

const cases: Case[] = [
  {
    name: 'pass: credit above every threshold',
    inputs: { ...AI_INPUTS, 'min-credits': '10', 'warn-credits': '50' },
    body: balance(money('125.500000')),
    problems: [],
    status: 'pass',
    outputs: {
      'credit-balance': '125.500000',
      'credit-currency': 'usd',
      'credit-headroom': '125.500000',
      'credit-binding-cap': 'balance',
      'credit-days-left': ''
    },
    seen: '125.50'
  },
  {
    name: 'pass: a numeric value is accepted',
    body: balance(money(7.25)),
    problems: [],
    status: 'pass',
    outputs: {
      'credit-balance': '7.250000',
      'credit-currency': 'usd',
      'credit-headroom': '7.250000',
      'credit-binding-cap': 'balance',
      'credit-days-left': ''
    },
    seen: '7.25'
  },
  {
    name: 'ai-credits/below-minimum: below `min-credits`',
    inputs: { ...AI_INPUTS, 'min-credits': '10' },
    body: balance(money('4.000000'), { frozen: money('30.000000') }),
    problems: [
      ['ai-credits/below-minimum', 'error'],
      ['ai-credits/frozen-large', 'warning']
    ],
    status: 'fail',
    outputs: {
      'credit-balance': '4.000000',
      'credit-currency': 'usd',
      'credit-headroom': '4.000000',
      'credit-binding-cap': 'balance',
      'credit-days-left': ''
    },
    seen: '30.00'
  },
  {
    name: 'ai-credits/no-credit: zero without `min-credits`',
    body: balance(money('0.000000')),
    problems: [['ai-credits/no-credit', 'error']],
    status: 'fail',
    outputs: {
      'credit-balance': '0.000000',
      'credit-currency': 'usd',
      'credit-headroom': '0.000000',
      'credit-binding-cap': 'balance',
      'credit-days-left': ''
    },
    seen: '0.00'
  },
  {
    name: 'ai-credits/no-credit: overdrawn',
    body: balance(money('-3.200000')),
    problems: [['ai-credits/no-credit', 'error']],
    status: 'fail',
    outputs: {
      'credit-balance': '-3.200000',
      'credit-currency': 'usd',
      'credit-headroom': '-3.200000',
      'credit-binding-cap': 'balance',
      'credit-days-left': ''
    },
    seen: '-3.20'
  },
  {
    name: 'ai-credits/below-warning: below `warn-credits`',
    inputs: { ...AI_INPUTS, 'warn-credits': '50' },
    body: balance(money('20.000000')),
    problems: [['ai-credits/below-warning', 'warning']],
    status: 'warn',
    outputs: {
      'credit-balance': '20.000000',
      'credit-currency': 'usd',
      'credit-headroom': '20.000000',
      'credit-binding-cap': 'balance',
      'credit-days-left': ''
    },
    seen: '50.00'
  },
  {
    name: 'ai-credits/unexpected-currency: not USD',
    body: balance(money('100.000000', 'eur')),
    problems: [['ai-credits/unexpected-currency', 'error']],
    status: 'fail',
    outputs: {},
    seen: 'req-42'
  },
  {
    name: 'ai-credits/balance-unreadable: NaN is never read as zero or as enough',
    inputs: { ...AI_INPUTS, 'min-credits': '10' },
    body: balance(money('NaN')),
    problems: [['ai-credits/balance-unreadable', 'error']],
    status: 'fail',
    outputs: {},
    seen: 'available'
  },
  {
    name: 'ai-credits/balance-unreadable: no `available` at all',
    body: json(200, { cash: money('10.000000') }),
    problems: [['ai-credits/balance-unreadable', 'error']],
    status: 'fail',
    outputs: {},
    seen: 'available'
  }
]

describe('ai-credits', () => {
  it.each(cases)('$name', async c => {
    const { outcome } = await runCheck(aiCreditsCheck, {
      inputs: c.inputs ?? AI_INPUTS,
      routes: { [BALANCE]: c.body },
      results: { 'ai-auth': { data: READABLE } }
    })
    expect(problems(outcome)).toEqual(c.problems)
    expect(statusOf(outcome)).toBe(c.status)
    expect(outcome.outputs ?? {}).toEqual(c.outputs)
    expect(seenOf(outcome)).toContain(c.seen)
  })

  it('reports the parts of the balance', async () => {
    const { outcome } = await runCheck(aiCreditsCheck, {
      inputs: AI_INPUTS,
      routes: {
        [BALANCE]: balance(money('60.000000'), {
          cash: money('50.000000'),
          bonus: money('10.000000'),
          frozen: money('5.000000')
        })
      },
      results: { 'ai-auth': { data: READABLE } }
    })
    expect(outcome.data).toEqual({
      available: '60.000000',
      bindingCap: 'balance',
      caps: [{ cap: 'balance', usd: 60 }],
      headroom: 60,
      currency: 'usd',
      cash: '50.000000',
      bonus: '10.000000',
      frozen: '5.000000'
    })
  })

  it.each([
    ['ai-auth could not read the balance', { keyValid: true, balanceReadable: false }],
    ['ai-auth has no result', undefined]
  ] as [string, AiAuthData | undefined][])('is skipped, calling nothing, when %s', async (_name, data) => {
    const { outcome, http } = await runCheck(aiCreditsCheck, {
      inputs: AI_INPUTS,
      results: data ? { 'ai-auth': { data } } : {}
    })
    expect(statusOf(outcome)).toBe('skipped')
    expect(http.calls).toEqual([])
  })
})

// ---------------------------------------------------------------------------------------------------------------
// The runway: GET /public/v1/model-costs for the 14 full UTC days before NOW (2025-05-18 to 2025-06-01, excluded).

const COSTS = 'GET /public/v1/model-costs'
const DAY = 86_400_000
const FIRST = Date.parse('2025-05-18T00:00:00Z')
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

/** One bucket per value from 2025-05-18 on; undefined: no result; `partial` marks a day still being counted. */
function bucket(i: number, usd: number | undefined, how: 'full' | 'partial' | 'lagging' = 'full') {
  const at = FIRST + i * DAY
  return {
    object: 'model_cost.bucket',
    date: iso(at).slice(0, 10),
    start_at: iso(at),
    end_at: iso(at + DAY),
    covered_until: iso(how === 'full' ? at + DAY : at + DAY / 2),
    partial: how === 'partial',
    results:
      usd === undefined
        ? []
        : [{ object: 'model_cost.result', amount: { value: usd.toFixed(6), currency: 'usd' } }]
  }
}
const costsPage = (data: unknown[], next: string | null = null) =>
  json(200, {
    object: 'list',
    scope: 'self',
    data,
    has_more: next !== null,
    next_page: next,
    request_id: 'r'
  })
const days = (values: (number | undefined)[]) => costsPage(values.map((v, i) => bucket(i, v)))
const steady = (usd: number, n = 14) => days(Array.from({ length: n }, () => usd))

interface RunwayCase {
  name: string
  inputs?: Record<string, string>
  balance?: ReturnType<typeof json>
  costs: ReturnType<typeof json>
  problems: IdSeverity[]
  status: CheckStatus
  daysLeft: string
  seen: string
}

const runwayCases: RunwayCase[] = [
  {
    name: 'pass: about a month of credit at $4 a day',
    costs: steady(4),
    problems: [],
    status: 'pass',
    daysLeft: '31.3',
    seen: 'trimmed mean of 14 full days'
  },
  {
    name: 'ai-credits/runway-short: fewer days than `warn-days-left`',
    inputs: { ...AI_INPUTS, 'warn-days-left': '7' },
    balance: balance(money('31.500000')),
    costs: steady(10),
    problems: [['ai-credits/runway-short', 'warning']],
    status: 'warn',
    daysLeft: '3.1',
    seen: '`warn-days-left` (7)'
  },
  {
    name: 'ai-credits/runway-below-minimum: fewer days than `min-days-left`',
    inputs: { ...AI_INPUTS, 'warn-days-left': '14', 'min-days-left': '5' },
    balance: balance(money('31.500000')),
    costs: steady(10),
    problems: [['ai-credits/runway-below-minimum', 'error']],
    status: 'fail',
    daysLeft: '3.1',
    seen: '`min-days-left` (5)'
  },
  {
    name: 'pass: a one-off batch day does not set the rate (trimmed mean)',
    inputs: { ...AI_INPUTS, 'warn-days-left': '7' },
    balance: balance(money('100.000000')),
    costs: days([10, 10, 10, 10, 10, 10, 500, 10, 10, 10, 10, 10, 10, 10]),
    problems: [],
    status: 'pass',
    daysLeft: '10.0',
    seen: '10.00 USD a day'
  },
  {
    name: 'pass: spend on fewer than half the days still counts (not a median of zero)',
    balance: balance(money('100.000000')),
    costs: days([0, 0, 20, 0, 0, 0, 20, 0, 0, 0, 20, 0, 0, 20]),
    problems: [],
    status: 'pass',
    daysLeft: '20.0',
    seen: 'lasts about 20.0 days'
  },
  {
    name: 'pass: a day still being counted is left out (partial, or covered_until before end_at)',
    inputs: { ...AI_INPUTS, 'warn-days-left': '7' },
    costs: costsPage([
      ...Array.from({ length: 12 }, (_, i) => bucket(i, 4)),
      bucket(12, 0.5, 'lagging'),
      bucket(13, 0.1, 'partial')
    ]),
    problems: [],
    status: 'pass',
    daysLeft: '31.3',
    seen: '12 full days'
  },
  {
    name: 'pass: too little history says so and gives no runway',
    costs: costsPage([
      ...Array.from({ length: 12 }, (_, i) => bucket(i, undefined)),
      bucket(12, 6.25),
      bucket(13, 3, 'partial')
    ]),
    problems: [],
    status: 'pass',
    daysLeft: '',
    seen: '1 full day of the 14'
  },
  {
    name: 'ai-credits/runway-not-read: too little history with `warn-days-left` set is not a pass',
    inputs: { ...AI_INPUTS, 'warn-days-left': '7' },
    costs: costsPage([
      ...Array.from({ length: 12 }, (_, i) => bucket(i, undefined)),
      bucket(12, 6.25),
      bucket(13, 3, 'partial')
    ]),
    problems: [['ai-credits/runway-not-read', 'warning']],
    status: 'warn',
    daysLeft: '',
    seen: '`warn-days-left` cannot be judged'
  },
  {
    name: 'pass: no spend means an unbounded runway',
    inputs: { ...AI_INPUTS, 'warn-days-left': '7' },
    costs: days(Array.from({ length: 14 }, () => undefined)),
    problems: [],
    status: 'pass',
    daysLeft: '',
    seen: 'does not run out'
  },
  {
    name: 'ai-credits/runway-not-read: a 403 on costs with a days threshold set is a warning, never a pass',
    inputs: { ...AI_INPUTS, 'warn-days-left': '7', 'min-days-left': '3' },
    costs: json(403, {
      error: {
        type: 'permission_error',
        code: 'insufficient_permissions',
        message: 'This API key may not read model billing data.'
      },
      request_id: 'req-7'
    }),
    problems: [['ai-credits/runway-not-read', 'warning']],
    status: 'warn',
    daysLeft: '',
    seen: 'this key may not read model costs'
  },
  {
    name: 'pass: a 403 on costs without a days threshold is inconclusive, not a failure',
    costs: json(403, {
      error: { type: 'permission_error', code: 'insufficient_permissions', message: 'No.' },
      request_id: 'req-7'
    }),
    problems: [],
    status: 'pass',
    daysLeft: '',
    seen: 'this key may not read model costs'
  },
  {
    name: 'pass: an answer that is not a costs list is inconclusive',
    costs: json(200, { object: 'list', data: 'soon' }),
    problems: [],
    status: 'pass',
    daysLeft: '',
    seen: 'no `data` list'
  }
]

describe('ai-credits: the runway', () => {
  it.each(runwayCases)('$name', async c => {
    const { outcome } = await runCheck(aiCreditsCheck, {
      inputs: c.inputs ?? AI_INPUTS,
      routes: { [BALANCE]: c.balance ?? balance(money('125.500000')), [COSTS]: c.costs },
      results: { 'ai-auth': { data: READABLE } }
    })
    expect(problems(outcome)).toEqual(c.problems)
    expect(statusOf(outcome)).toBe(c.status)
    expect(outcome.outputs?.['credit-days-left']).toBe(c.daysLeft)
    expect(seenOf(outcome)).toContain(c.seen)
  })

  it('asks for the 14 full UTC days before today, scope self, and follows next_page', async () => {
    const { outcome, http } = await runCheck(aiCreditsCheck, {
      inputs: AI_INPUTS,
      routes: {
        [BALANCE]: balance(money('125.500000')),
        [COSTS]: req => {
          const page = new URL(req.url).searchParams.get('page')
          return page === 'p2'
            ? costsPage(Array.from({ length: 7 }, (_, i) => bucket(i + 7, 4)))
            : costsPage(
                Array.from({ length: 7 }, (_, i) => bucket(i, 4)),
                'p2'
              )
        }
      },
      results: { 'ai-auth': { data: READABLE } }
    })
    const asked = http.calls.filter(c => c.url.includes('/model-costs')).map(c => new URL(c.url).searchParams)
    expect(asked).toHaveLength(2)
    expect(asked[0]!.get('start_date')).toBe('2025-05-18')
    expect(asked[0]!.get('end_date')).toBe('2025-06-01')
    expect(asked[0]!.get('scope')).toBe('self')
    expect(asked[1]!.get('page')).toBe('p2')
    expect(outcome.data?.historyDays).toBe(14)
    expect(outcome.outputs?.['credit-days-left']).toBe('31.3')
  })

  it('keeps the daily spend and a sparkline of it for the job summary', async () => {
    const { outcome } = await runCheck(aiCreditsCheck, {
      inputs: AI_INPUTS,
      routes: {
        [BALANCE]: balance(money('125.500000')),
        [COSTS]: days([1, 2, 3, 4, 5, 6, 7, 8, 7, 6, 5, 4, 3, 2])
      },
      results: { 'ai-auth': { data: READABLE } }
    })
    expect(outcome.data?.dailySpend).toHaveLength(14)
    expect(outcome.data?.dailySpend?.[0]).toEqual({ date: '2025-05-18', usd: 1 })
    expect(outcome.data?.spendTrend).toBe('▂▃▄▅▅▆▇█▇▆▅▅▄▃')
  })

  it('starts the costs read in its prefetch, and the run reuses it', async () => {
    const t = await checkContext({
      inputs: AI_INPUTS,
      routes: { [BALANCE]: balance(money('125.500000')), [COSTS]: steady(4) },
      results: { 'ai-auth': { data: READABLE } }
    })
    aiCreditsCheck.prefetch!({ config: t.config, services: t.services })
    expect(t.http.paths()).toEqual([COSTS])
    await aiCreditsCheck.run(t.ctx)
    expect(t.http.paths().filter(p => p === COSTS)).toHaveLength(1)
  })

  it('ai-credits/frozen-large: half the balance or more is frozen', async () => {
    const { outcome } = await runCheck(aiCreditsCheck, {
      inputs: AI_INPUTS,
      routes: {
        [BALANCE]: balance(money('20.000000'), { frozen: money('30.000000') }),
        [COSTS]: steady(1)
      },
      results: { 'ai-auth': { data: READABLE } }
    })
    expect(problems(outcome)).toEqual([['ai-credits/frozen-large', 'warning']])
    expect(seenOf(outcome)).toContain('(60%)')
  })
})
