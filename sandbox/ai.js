// The Atlas Cloud AI API stand-in (shared/reference/atlascloud-ai-api.md): public model catalogs, the Bearer-key
// balance endpoint with its real shape, both error envelopes, X-Request-ID on every response; 401 for a bad key
// (and for a wrong path), 403 for a key that may not read the balance, 451 region blocks or a non-JSON WAF 403,
// 429 without Retry-After, and any balance the scenario states (low, zero, negative).
import { requestId, sendJson } from './http-util.js'

export class AiService {
  /** @param {any} scenario @param {{ now: () => number, stats: any }} ctx */
  constructor(scenario, ctx) {
    this.s = scenario
    this.now = ctx.now
    this.stats = ctx.stats
    this.balanceCalls = 0
  }

  route(_method, path) {
    if (path === '/public/v1/balance') return 'ai.balance'
    if (path === '/public/v1/model-usage') return 'ai.usage'
    if (path === '/api/v1/models' || path === '/v1/models') return 'ai.models'
    return 'ai.other'
  }

  async handle(req, res, url) {
    const rid = requestId()
    res.setHeader('x-request-id', rid)
    const path = url.pathname.replace(/\/+$/, '')
    const ai = this.s.ai
    const billingError = (status, type, code, message) =>
      sendJson(res, status, { error: { type, code, message, param: null }, request_id: rid })
    const modelError = (status, msg) =>
      sendJson(res, status, { code: status, msg, request_id: rid, data: null })

    if (ai.block === 'region') return modelError(451, 'Blocked in your region')
    if (ai.block === 'waf') {
      res.writeHead(403, { 'content-type': 'text/html' })
      return res.end('<html><body><h1>403 Forbidden</h1><p>Request blocked.</p></body></html>')
    }

    if (req.method === 'GET' && (path === '/api/v1/models' || path === '/v1/models')) {
      const data =
        path === '/v1/models'
          ? ai.models.map(id => ({ id, object: 'model' }))
          : ai.models.map((id, i) => ({
              uuid: `m-${i}`,
              model: id,
              type: /kling|sora/.test(id) ? 'Video' : /flux/.test(id) ? 'Image' : 'Text',
              displayName: id.split('/')[1]
            }))
      return sendJson(res, 200, { code: 200, msg: 'succeed', data })
    }
    if (!path.startsWith('/public/v1/')) return modelError(401, 'unauthorized')

    const bearer = /^bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')
    const key = bearer ? ai.keys.find(k => k.key === bearer[1].trim()) : undefined
    if (!key || key.revoked)
      return billingError(401, 'authentication_error', 'invalid_api_key', 'Invalid API key provided.')

    if (path === '/public/v1/balance') {
      this.balanceCalls++
      if (this.balanceCalls <= (ai.rateLimitFirst ?? 0))
        return billingError(429, 'rate_limit_error', 'rate_limited', 'Rate limit reached.')
      if (!key.canReadBalance)
        return billingError(
          403,
          'permission_error',
          'insufficient_permissions',
          'Account balance read permission is required.'
        )
      const b = ai.balance
      if (b.raw !== undefined) return sendJson(res, 200, b.raw)
      const money = v => ({ value: v, currency: b.currency })
      return sendJson(res, 200, {
        object: 'balance',
        scope: 'account',
        account: { id: 'acc_sandbox', name: 'Sandbox', type: 'team' },
        available: money(b.available),
        cash: money(b.cash),
        bonus: money(b.bonus),
        subscription_bonus: money(b.subscription_bonus),
        frozen: money(b.frozen),
        credit_grant: {
          status: 'active',
          granted: money('0.000000'),
          used: money('0.000000'),
          remaining_overdraft: money('0.000000'),
          overdrawn: money('0.000000')
        },
        request_id: rid
      })
    }
    if (path === '/public/v1/model-usage') {
      const start = url.searchParams.get('start_date')
      const end = url.searchParams.get('end_date')
      if (!start || !end)
        return billingError(
          400,
          'invalid_request_error',
          'missing_parameter',
          'start_date and end_date are required'
        )
      if (end <= start)
        return billingError(
          400,
          'invalid_request_error',
          'invalid_date_range',
          'end_date must be after start_date'
        )
      return sendJson(res, 200, {
        object: 'list',
        scope: 'self',
        data: [{ object: 'bucket', date: start, results: [] }],
        has_more: false,
        request_id: rid
      })
    }
    return billingError(404, 'invalid_request_error', 'not_found', 'Not found.')
  }
}
