import { describe, expect, it } from '@jest/globals'
import { aiAuthCheck } from '../../src/checks/ai-auth.js'
import {
  AI_INPUTS,
  AI_KEY,
  checkContext,
  json,
  netFail,
  problems,
  runCheck,
  seenOf,
  statusOf,
  text,
  type IdSeverity,
  type Routes
} from '../helpers/check-context.js'
import type { CheckStatus } from '../../src/core/policy.js'

const BALANCE = 'GET /public/v1/balance'
const USAGE = 'GET /public/v1/model-usage'
const MODELS = 'GET /api/v1/models'
const RID = { 'x-request-id': 'req-7f3a' }
const BALANCE_OK = json(200, { available: { value: '125.500000', currency: 'usd' } }, RID)
const BILLING_403 = json(
  403,
  { error: { type: 'permission_error', code: 'billing_forbidden', message: 'no' } },
  RID
)
const CATALOG = json(200, {
  data: [{ id: 'kwaivgi/kling-v2.0-t2v-master' }, { model: 'deepseek-ai/deepseek-v3' }]
})
const WITH_MODELS = { ...AI_INPUTS, 'ai-required-models': 'kwaivgi/kling-v2.0-t2v-master' }

interface Case {
  name: string
  inputs?: Record<string, string>
  routes: Routes
  problems: IdSeverity[]
  status: CheckStatus
  keyValid: boolean | undefined
  balanceReadable: boolean | undefined
  seen: string
}

const cases: Case[] = [
  {
    name: 'pass: the balance read proves the key',
    routes: { [BALANCE]: BALANCE_OK },
    problems: [],
    status: 'pass',
    keyValid: true,
    balanceReadable: true,
    seen: '200'
  },
  {
    name: 'pass: the required models are in the catalog',
    inputs: WITH_MODELS,
    routes: { [BALANCE]: BALANCE_OK, [MODELS]: CATALOG },
    problems: [],
    status: 'pass',
    keyValid: true,
    balanceReadable: true,
    seen: '200'
  },
  {
    name: 'ai-auth/unreachable: no answer from Atlas Cloud',
    routes: { [BALANCE]: netFail('refused', 'api.atlascloud.ai refused the connection') },
    problems: [['ai-auth/unreachable', 'error']],
    status: 'fail',
    keyValid: undefined,
    balanceReadable: undefined,
    seen: 'refused'
  },
  {
    name: 'ai-auth/key-rejected: 401',
    routes: { [BALANCE]: json(401, { code: 401, msg: 'invalid api key' }, RID) },
    problems: [['ai-auth/key-rejected', 'error']],
    status: 'fail',
    keyValid: false,
    balanceReadable: undefined,
    seen: 'req-7f3a'
  },
  {
    name: 'ai-auth/key-rejected: billing 403, and the usage read answers 401',
    routes: { [BALANCE]: BILLING_403, [USAGE]: json(401, { code: 401, msg: 'invalid api key' }) },
    problems: [['ai-auth/key-rejected', 'error']],
    status: 'fail',
    keyValid: false,
    balanceReadable: undefined,
    seen: 'billing_forbidden'
  },
  {
    name: 'ai-auth/no-balance-permission: billing 403, the usage read proves the key',
    routes: { [BALANCE]: BILLING_403, [USAGE]: json(200, { data: [] }) },
    problems: [['ai-auth/no-balance-permission', 'warning']],
    status: 'warn',
    keyValid: true,
    balanceReadable: false,
    seen: 'billing_forbidden'
  },
  {
    name: 'ai-auth/no-balance-permission: billing 403, the usage read fails too (key unknown)',
    routes: { [BALANCE]: BILLING_403, [USAGE]: json(500, { code: 500, msg: 'oops' }) },
    problems: [['ai-auth/no-balance-permission', 'warning']],
    status: 'warn',
    keyValid: undefined,
    balanceReadable: undefined,
    seen: '500'
  },
  {
    name: 'ai-auth/blocked: a non-API 403 page (network block)',
    routes: { [BALANCE]: text(403, '<html>Access denied</html>') },
    problems: [['ai-auth/blocked', 'warning']],
    status: 'warn',
    keyValid: undefined,
    balanceReadable: undefined,
    seen: '403'
  },
  {
    name: 'ai-auth/blocked: 451 (region)',
    routes: { [BALANCE]: text(451, 'Unavailable For Legal Reasons') },
    problems: [['ai-auth/blocked', 'warning']],
    status: 'warn',
    keyValid: undefined,
    balanceReadable: undefined,
    seen: '451'
  },
  {
    name: 'ai-auth/rate-limited: 429',
    routes: { [BALANCE]: json(429, { code: 429, msg: 'too many requests' }, RID) },
    problems: [['ai-auth/rate-limited', 'warning']],
    status: 'warn',
    keyValid: undefined,
    balanceReadable: undefined,
    seen: '429'
  },
  {
    name: 'ai-auth/unavailable: 5xx',
    routes: { [BALANCE]: json(502, { code: 502, msg: 'bad gateway' }, RID) },
    problems: [['ai-auth/unavailable', 'error']],
    status: 'fail',
    keyValid: undefined,
    balanceReadable: undefined,
    seen: 'req-7f3a'
  },
  {
    name: 'ai-auth/unexpected-response: a 200 that is not JSON (a captive portal)',
    routes: { [BALANCE]: text(200, '<html>Sign in to Wi-Fi</html>') },
    problems: [['ai-auth/unexpected-response', 'error']],
    status: 'fail',
    keyValid: undefined,
    balanceReadable: undefined,
    seen: '200'
  },
  {
    name: 'ai-auth/unexpected-response: a redirect',
    routes: {
      [BALANCE]: netFail(
        'redirect',
        'api.atlascloud.ai answered with a redirect (HTTP 302) to https://login.example'
      )
    },
    problems: [['ai-auth/unexpected-response', 'error']],
    status: 'fail',
    keyValid: undefined,
    balanceReadable: undefined,
    seen: 'https://login.example'
  },
  {
    name: 'ai-auth/unexpected-response: a 404 (wrong base URL)',
    routes: { [BALANCE]: json(404, { message: 'not found' }) },
    problems: [['ai-auth/unexpected-response', 'error']],
    status: 'fail',
    keyValid: undefined,
    balanceReadable: undefined,
    seen: '404'
  },
  {
    name: 'ai-auth/model-missing: a required model is not in the catalog',
    inputs: { ...AI_INPUTS, 'ai-required-models': 'kwaivgi/kling-v2.0-t2v-master, acme/imaginary-v9' },
    routes: { [BALANCE]: BALANCE_OK, [MODELS]: CATALOG },
    problems: [['ai-auth/model-missing', 'error']],
    status: 'fail',
    keyValid: true,
    balanceReadable: true,
    seen: 'acme/imaginary-v9'
  },
  {
    name: 'ai-auth/catalog-unreadable: the catalog fails, so required models cannot be checked',
    inputs: WITH_MODELS,
    routes: { [BALANCE]: BALANCE_OK, [MODELS]: json(503, { code: 503, msg: 'down' }) },
    problems: [['ai-auth/catalog-unreadable', 'warning']],
    status: 'warn',
    keyValid: true,
    balanceReadable: true,
    seen: '503'
  }
]

describe('ai-auth', () => {
  it.each(cases)('$name', async c => {
    const { outcome } = await runCheck(aiAuthCheck, { inputs: c.inputs ?? AI_INPUTS, routes: c.routes })
    expect(problems(outcome)).toEqual(c.problems)
    expect(statusOf(outcome)).toBe(c.status)
    expect(outcome.data?.keyValid).toBe(c.keyValid)
    expect(outcome.data?.balanceReadable).toBe(c.balanceReadable)
    expect(seenOf(outcome)).toContain(c.seen)
  })

  it('sends the key to the balance read only, never to the public catalog', async () => {
    const { http } = await runCheck(aiAuthCheck, {
      inputs: WITH_MODELS,
      routes: { [BALANCE]: BALANCE_OK, [MODELS]: CATALOG }
    })
    const sent = http.calls.map(c => [new URL(c.url).pathname, c.credentialed, c.headers?.['authorization']])
    expect(sent).toEqual(
      expect.arrayContaining([
        ['/public/v1/balance', true, `Bearer ${AI_KEY}`],
        ['/api/v1/models', false, undefined]
      ])
    )
    expect(http.calls).toHaveLength(2)
  })

  it('does not read the catalog when no model is required', async () => {
    const { http } = await runCheck(aiAuthCheck, { inputs: AI_INPUTS, routes: { [BALANCE]: BALANCE_OK } })
    expect(http.paths()).toEqual([BALANCE])
  })

  it('keeps the request id and the catalog size', async () => {
    const { outcome } = await runCheck(aiAuthCheck, {
      inputs: WITH_MODELS,
      routes: { [BALANCE]: BALANCE_OK, [MODELS]: CATALOG }
    })
    expect(outcome.data).toEqual({ requestId: 'req-7f3a', keyValid: true, balanceReadable: true, models: 2 })
  })

  it('is skipped, sending nothing, when the secrets check found the key broken', async () => {
    const { outcome, http } = await runCheck(aiAuthCheck, {
      inputs: { 'ai-api-key': `Bearer ${AI_KEY}` },
      withSecrets: true
    })
    expect(statusOf(outcome)).toBe('skipped')
    expect(http.calls).toEqual([])
  })

  it('applies only with `ai-api-key`', async () => {
    const without = await checkContext({})
    const withKey = await checkContext({ inputs: AI_INPUTS })
    expect(aiAuthCheck.applies(without.config)).toEqual(expect.any(String))
    expect(aiAuthCheck.applies(withKey.config)).toBe(true)
  })

  it.each([
    [
      {
        error: {
          type: 'billing_error',
          code: 'coding_plan_exhausted',
          message: 'Coding Plan allowance used up.'
        }
      },
      'coding-plan'
    ],
    [
      { error: { type: 'billing_error', code: 'insufficient_balance', message: 'Insufficient balance.' } },
      'balance'
    ],
    [{ error: { type: 'billing_error', code: 'payment_required', message: 'Payment required.' } }, 'either']
  ])(
    'a 402 on the balance read: the key works, and what ran out is kept for ai-credits (%#)',
    async (body, which) => {
      const { outcome } = await runCheck(aiAuthCheck, {
        inputs: AI_INPUTS,
        routes: { [BALANCE]: json(402, body) }
      })
      expect(outcome.findings.map(f => f.id)).toEqual(['ai-auth/key-valid'])
      expect(outcome.data).toMatchObject({ keyValid: true, balanceReadable: false, paymentRequired: which })
    }
  )
})
