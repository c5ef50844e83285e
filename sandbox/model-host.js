// The stand-in for https://ai.mongodb.com (Voyage AI's API as MongoDB serves it for Atlas model API keys;
// atlas-round3.md §4): POST /v1/embeddings with a Bearer key. Keys created in Atlas (`al-…`, listed under
// `atlas.projects[].aiModelApiKeys`, or under `model.keys`) are the only ones it takes: any other key, a
// Voyage-direct key or an Atlas Cloud `apikey-` included, is 401 (the 2026 bug reports' symptom). A key whose
// status is not ACTIVE is 403. Scenario options under `model`:
//   keys          ['al-…']  extra keys the host takes (besides the ACTIVE keys of every project)
//   rateLimitFirst 0        the first N embeddings requests answer 429 with Retry-After
//   retryAfter    1         seconds, in that Retry-After
//   paymentRequired false   true: 402 for every request (UNCONFIRMED wording)
// The answer's shape: {object: 'list', data: [{object: 'embedding', embedding, index}], model, usage:
// {total_tokens}} (Voyage API reference). Errors: {detail} (Voyage's FastAPI-style body; LIKELY). Other paths
// the real host serves (rerank, multimodal and contextualized embeddings) answer 501.
import { readBody, requestId, sendJson } from './http-util.js'

export class ModelHostService {
  /** @param {any} scenario @param {{ stats: any }} ctx */
  constructor(scenario, ctx) {
    this.s = scenario
    this.stats = ctx.stats
    this.calls = 0
  }

  route(method, path) {
    return path === '/v1/embeddings' ? 'model.embeddings' : 'model.other'
  }

  async handle(req, res, url) {
    res.setHeader('x-request-id', requestId())
    const path = url.pathname.replace(/\/+$/, '')
    const m = this.s.model ?? {}
    if (/^\/v1\/(rerank|multimodalembeddings|contextualizedembeddings)$/.test(path))
      return sendJson(res, 501, { detail: `The atlas-preflight sandbox does not implement ${path}.` })
    if (path !== '/v1/embeddings' || req.method !== 'POST') return sendJson(res, 404, { detail: 'Not Found' })
    await readBody(req)
    const bearer = /^bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')
    const given = bearer ? bearer[1].trim() : ''
    const listed = (this.s.atlas?.projects ?? []).flatMap(p => p.aiModelApiKeys ?? [])
    const key = listed.find(k => k.secret === given)
    const extra = (m.keys ?? []).includes(given)
    if (!given.startsWith('al-') || (!key && !extra))
      return sendJson(res, 401, { detail: 'Provided API key is invalid.' })
    if (key && (key.status ?? 'ACTIVE') !== 'ACTIVE')
      return sendJson(res, 403, { detail: 'This API key is disabled.' })
    this.calls++
    if (this.calls <= (m.rateLimitFirst ?? 0))
      return sendJson(
        res,
        429,
        { detail: 'Rate limit exceeded.' },
        { 'retry-after': String(m.retryAfter ?? 1) }
      )
    if (m.paymentRequired)
      return sendJson(res, 402, { detail: 'Payment required: the billing limit is reached.' })
    return sendJson(res, 200, {
      object: 'list',
      data: [{ object: 'embedding', embedding: [0.0123, -0.0456, 0.0789], index: 0 }],
      model: 'voyage-3.5-lite',
      usage: { total_tokens: 1 }
    })
  }
}
