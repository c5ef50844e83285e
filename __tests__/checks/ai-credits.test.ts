import { describe, expect, it } from '@jest/globals'
import { aiCreditsCheck } from '../../src/checks/ai-credits.js'
import type { AiAuthData } from '../../src/checks/ai-auth.js'
import {
  AI_INPUTS,
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
    outputs: { 'credit-balance': '125.500000', 'credit-currency': 'usd' },
    seen: '125.50'
  },
  {
    name: 'pass: a numeric value is accepted',
    body: balance(money(7.25)),
    problems: [],
    status: 'pass',
    outputs: { 'credit-balance': '7.250000', 'credit-currency': 'usd' },
    seen: '7.25'
  },
  {
    name: 'ai-credits/below-minimum: below `min-credits`',
    inputs: { ...AI_INPUTS, 'min-credits': '10' },
    body: balance(money('4.000000'), { frozen: money('30.000000') }),
    problems: [['ai-credits/below-minimum', 'error']],
    status: 'fail',
    outputs: { 'credit-balance': '4.000000', 'credit-currency': 'usd' },
    seen: '30.00'
  },
  {
    name: 'ai-credits/no-credit: zero without `min-credits`',
    body: balance(money('0.000000')),
    problems: [['ai-credits/no-credit', 'error']],
    status: 'fail',
    outputs: { 'credit-balance': '0.000000', 'credit-currency': 'usd' },
    seen: '0.00'
  },
  {
    name: 'ai-credits/no-credit: overdrawn',
    body: balance(money('-3.200000')),
    problems: [['ai-credits/no-credit', 'error']],
    status: 'fail',
    outputs: { 'credit-balance': '-3.200000', 'credit-currency': 'usd' },
    seen: '-3.20'
  },
  {
    name: 'ai-credits/below-warning: below `warn-credits`',
    inputs: { ...AI_INPUTS, 'warn-credits': '50' },
    body: balance(money('20.000000')),
    problems: [['ai-credits/below-warning', 'warning']],
    status: 'warn',
    outputs: { 'credit-balance': '20.000000', 'credit-currency': 'usd' },
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
