/**
 * model-api-key: the host rule (no request), the Admin API view of the project's model keys and rate limits, and
 * the live proof only on request. Facts relied on (atlas-round3.md §4): `al-` keys authenticate only on
 * ai.mongodb.com (likely); the key list carries `maskedSecret` with the last four characters (confirmed, spec);
 * version 2025-03-12 (confirmed). The embeddings path `POST /v1/embeddings` is likely.
 */
import { describe, expect, it } from '@jest/globals'
import { modelApiKeyCheck } from '../../src/checks/index.js'
import {
  API_KEY_INPUTS,
  MODEL_KEY,
  PROJECT_ID,
  atlasError,
  json,
  netFail,
  problems,
  runCheck,
  seenOf,
  type IdSeverity
} from '../helpers/check-context.js'

const KEYS = `GET /api/atlas/v2/groups/${PROJECT_ID}/aiModelApiKeys`
const LIMITS = `GET /api/atlas/v2/groups/${PROJECT_ID}/aiModelApiRateLimits`
const EMBED = 'POST /v1/embeddings'
const page = (results: unknown[]) => json(200, { results, totalCount: results.length, links: [] })
const key = (over: Record<string, unknown> = {}) => ({
  apiKeyId: '6650f0f0f0f0f0f0f0f0f0f1',
  name: 'ingest',
  status: 'ACTIVE',
  maskedSecret: 'al-****odu2',
  endpoint: 'ai.mongodb.com',
  groupId: PROJECT_ID,
  ...over
})
const LIMITS_OK = page([
  { modelGroupName: 'voyage-3.5', requestsPerMinuteLimit: 2000, tokensPerMinuteLimit: 3000000 }
])
const ADMIN = { ...API_KEY_INPUTS, 'atlas-project-id': PROJECT_ID }

interface Case {
  name: string
  inputs: Record<string, string>
  routes?: Record<string, ReturnType<typeof json> | ReturnType<typeof netFail>>
  problems: IdSeverity[]
  modelKey: string
  seen: string
  requests?: string[]
}

const cases: Case[] = [
  {
    name: 'model-api-key/wrong-host: an al- key on api.voyageai.com, with no request made',
    inputs: {
      'model-api-key': MODEL_KEY,
      'model-base-url': 'https://api.voyageai.com/v1',
      'model-key-proof': 'true'
    },
    problems: [['model-api-key/wrong-host', 'error']],
    modelKey: 'unproven',
    seen: 'authenticates only on ai.mongodb.com',
    requests: []
  },
  {
    name: 'model-api-key/key-not-for-host: a key that is not al- on ai.mongodb.com',
    inputs: { 'model-api-key': 'pa-VoyageDirectKey0123456789abcdef' },
    problems: [['model-api-key/key-not-for-host', 'warning']],
    modelKey: 'unproven',
    seen: 'api.voyageai.com',
    requests: []
  },
  {
    name: 'pass: unproven without model-key-proof, never valid',
    inputs: { 'model-api-key': MODEL_KEY },
    problems: [],
    modelKey: 'unproven',
    seen: '`model-key-proof` is false',
    requests: []
  },
  {
    name: 'the Admin API view: the key is listed, ACTIVE, with its rate limits',
    inputs: { ...ADMIN, 'model-api-key': MODEL_KEY },
    routes: { [KEYS]: page([key()]), [LIMITS]: LIMITS_OK },
    problems: [],
    modelKey: 'unproven',
    seen: '2,000 requests and 3,000,000 tokens a minute'
  },
  {
    name: 'model-api-key/no-model-keys: the project has none',
    inputs: { ...ADMIN, 'model-api-key': MODEL_KEY },
    routes: { [KEYS]: page([]), [LIMITS]: page([]) },
    problems: [['model-api-key/no-model-keys', 'error']],
    modelKey: 'unproven',
    seen: 'empty list'
  },
  {
    name: 'model-api-key/key-not-in-project: no listed key ends as the given one',
    inputs: { ...ADMIN, 'model-api-key': MODEL_KEY },
    routes: { [KEYS]: page([key({ maskedSecret: 'al-****zz99' })]), [LIMITS]: LIMITS_OK },
    problems: [['model-api-key/key-not-in-project', 'error']],
    modelKey: 'unproven',
    seen: 'al-****zz99'
  },
  {
    name: 'model-api-key/key-not-active: the matching key is disabled',
    inputs: { ...ADMIN, 'model-api-key': MODEL_KEY },
    routes: { [KEYS]: page([key({ status: 'DISABLED' })]), [LIMITS]: LIMITS_OK },
    problems: [['model-api-key/key-not-active', 'error']],
    modelKey: 'unproven',
    seen: 'DISABLED'
  },
  {
    name: 'no masked secret: says it cannot tell, rather than guess',
    inputs: { ...ADMIN, 'model-api-key': MODEL_KEY },
    routes: { [KEYS]: page([key({ maskedSecret: undefined })]), [LIMITS]: LIMITS_OK },
    problems: [],
    modelKey: 'unproven',
    seen: 'cannot be told'
  },
  {
    name: 'model-api-key/wrong-host: the listed key names another endpoint',
    inputs: { ...ADMIN, 'model-api-key': MODEL_KEY },
    routes: { [KEYS]: page([key({ endpoint: 'eu.ai.mongodb.com' })]), [LIMITS]: LIMITS_OK },
    problems: [['model-api-key/wrong-host', 'error']],
    modelKey: 'unproven',
    seen: 'eu.ai.mongodb.com'
  },
  {
    name: 'model-api-key/admin-view-unreadable: the credential may not read the keys',
    inputs: { ...ADMIN, 'model-api-key': MODEL_KEY },
    routes: { [KEYS]: atlasError(401, 'USER_UNAUTHORIZED'), [LIMITS]: atlasError(401, 'USER_UNAUTHORIZED') },
    problems: [['model-api-key/admin-view-unreadable', 'warning']],
    modelKey: 'unproven',
    seen: 'USER_UNAUTHORIZED'
  },
  {
    name: 'proof: 200 makes the key valid',
    inputs: { 'model-api-key': MODEL_KEY, 'model-key-proof': 'true' },
    routes: {
      [EMBED]: json(200, { object: 'list', data: [{ embedding: [0.1] }], usage: { total_tokens: 1 } })
    },
    problems: [],
    modelKey: 'valid',
    seen: 'answered 200',
    requests: [EMBED]
  },
  {
    name: 'model-api-key/rejected-401: a 401 rejects the key',
    inputs: { 'model-api-key': MODEL_KEY, 'model-key-proof': 'true' },
    routes: { [EMBED]: json(401, { detail: 'Provided API key is invalid.' }) },
    problems: [['model-api-key/rejected-401', 'error']],
    modelKey: 'rejected',
    seen: 'Provided API key is invalid.'
  },
  {
    name: 'model-api-key/rejected-403: a 403 rejects the key',
    inputs: { 'model-api-key': MODEL_KEY, 'model-key-proof': 'true' },
    routes: { [EMBED]: json(403, { detail: 'Forbidden.' }) },
    problems: [['model-api-key/rejected-403', 'error']],
    modelKey: 'rejected',
    seen: 'HTTP 403'
  },
  {
    name: 'model-api-key/rate-limited: a 429 proves the key, with a warning',
    inputs: { 'model-api-key': MODEL_KEY, 'model-key-proof': 'true' },
    routes: { [EMBED]: json(429, { detail: 'Rate limit exceeded.' }) },
    problems: [['model-api-key/rate-limited', 'warning']],
    modelKey: 'valid',
    seen: 'HTTP 429'
  },
  {
    name: 'model-api-key/payment-required: a 402 says both causes are possible',
    inputs: { 'model-api-key': MODEL_KEY, 'model-key-proof': 'true' },
    routes: { [EMBED]: json(402, { detail: 'Payment required.' }) },
    problems: [['model-api-key/payment-required', 'error']],
    modelKey: 'unproven',
    seen: 'HTTP 402'
  },
  {
    name: 'model-api-key/proof-failed: the host could not be reached',
    inputs: { 'model-api-key': MODEL_KEY, 'model-key-proof': 'true' },
    routes: { [EMBED]: netFail('timeout', 'ai.mongodb.com did not answer in time') },
    problems: [['model-api-key/proof-failed', 'warning']],
    modelKey: 'unproven',
    seen: 'did not answer'
  }
]

describe('model-api-key', () => {
  it.each(cases)('$name', async c => {
    const { outcome, http } = await runCheck(modelApiKeyCheck, { inputs: c.inputs, routes: c.routes ?? {} })
    expect(problems(outcome)).toEqual(c.problems)
    expect(outcome.outputs?.['model-key']).toBe(c.modelKey)
    expect(seenOf(outcome)).toContain(c.seen)
    expect(http.paths()).toEqual(c.requests ?? http.paths())
  })

  it('the proof is the smallest embeddings request, one word, with the key as Bearer', async () => {
    const { http } = await runCheck(modelApiKeyCheck, {
      inputs: { 'model-api-key': MODEL_KEY, 'model-key-proof': 'true' },
      routes: { [EMBED]: json(200, { data: [] }) }
    })
    expect(http.calls).toHaveLength(1)
    const req = http.calls[0]!
    expect(req.url).toBe('https://ai.mongodb.com/v1/embeddings')
    expect(req.headers?.['authorization']).toBe(`Bearer ${MODEL_KEY}`)
    expect(JSON.parse(req.body!)).toEqual({ input: ['ok'], model: 'voyage-3.5-lite' })
    expect(req.maxAttempts).toBe(2)
    expect(req.idempotent).toBe(false)
  })

  it('reads the keys and limits at version 2025-03-12', async () => {
    const { http } = await runCheck(modelApiKeyCheck, {
      inputs: { ...ADMIN, 'model-api-key': MODEL_KEY },
      routes: { [KEYS]: page([key()]), [LIMITS]: LIMITS_OK }
    })
    const accepts = http.calls.filter(c => c.url.includes('aiModel')).map(c => c.headers?.['accept'])
    expect(accepts).toEqual([
      'application/vnd.atlas.2025-03-12+json',
      'application/vnd.atlas.2025-03-12+json'
    ])
  })

  it('skips when secrets found an error on the key, leaving it unproven', async () => {
    const { outcome, http } = await runCheck(modelApiKeyCheck, {
      inputs: { 'model-api-key': 'apikey-0123456789abcdefghij', 'model-key-proof': 'true' },
      withSecrets: true
    })
    expect(outcome.skipped).toContain('secrets')
    expect(outcome.outputs?.['model-key']).toBe('unproven')
    expect(http.calls).toHaveLength(0)
  })
})
