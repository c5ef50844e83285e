// The Atlas Cloud AI API stand-in (docs/reference/atlascloud-ai-api.md): public model catalogs, the Bearer-key
// balance endpoint with its real shape, both error envelopes, X-Request-ID on every response; 401 for a bad key
// (and for a wrong path), 403 for a key that may not read the balance, 451 region blocks or a non-JSON WAF 403,
// 429 without Retry-After, and any balance the scenario states (low, zero, negative).
//
// GET /public/v1/model-costs?start_date=YYYY-MM-DD&end_date=YYYY-MM-DD[&scope=self|account][&limit=N][&page=cursor]
// (atlas-round2.md §6, atlascloud-ai-api.md §5): daily UTC buckets, start inclusive, end exclusive, at most 180 days;
// one total per day (`model_cost.bucket` with one `model_cost.result`, six-decimal usd); a day still being counted
// is `partial: true` with `covered_until` before `end_at` (buckets lag `costsLagMinutes` behind the sandbox
// clock, and its amount is the covered share of the day); days after the clock have no bucket; a day without spend
// has `results: []` (UNCONFIRMED: whether Atlas Cloud omits such a day or answers an empty or zero result);
// `has_more`/`next_page` page through `limit` buckets at a time (default `costsPageSize`, 100), `page=` being the
// opaque cursor. Errors use the billing envelope: 400 for missing, malformed or reversed dates, more than 180
// days, a bad scope, limit or cursor; 401 for a bad key; 403 for `scope=account` without billing permission
// (keys' `canReadAccountCosts`, default their `canReadBalance`) and for every costs read when `costsForbidden`.
// Scenario options under `ai`:
//   costs           [{ date: 'YYYY-MM-DD' | daysAgo: N, usd }]   spend per UTC day (daysAgo 0 = today), or a
//                   generator { dailyUsd, days, jitter, today = true }: `days` full days before today at dailyUsd
//                   each, ± jitter (a share, deterministic per date), and today's share so far when `today`
//   costsLagMinutes 60      how far the latest bucket's covered_until trails the clock
//   costsForbidden  false   true: 403 permission_error on every costs read (inconclusive for a runway check)
//   costsPageSize   100     buckets per page when the request sets no `limit`
//   costsOdd        null    'outside-window' | 'overflow' | 'hang': a buggy or hostile costs answer (see costs())
// The Management API (atlas-round3.md §4), on the same host under /public/v1, Bearer `mgmt-…` keys only
// (`ai.managementKeys`); a model key there, or a management key on the model routes, is 401. Reads:
//   GET /public/v1/projects/{id}          {object: 'project', id, name, monthly_limit {value, currency} | null,
//                                         usage_alert_percent}
//   GET /public/v1/projects/{id}/usage    {object: 'usage', project_id, start_date, end_date, total {value, currency}}
//   GET /public/v1/api-keys/{id}/usage    the same for a key (`ai.keyUsage[id]`), with `allowance` when the scenario
//                                         gives one (UNKNOWN whether the real answer ever carries it)
// from `ai.projects` [{ id, name, monthlyLimit: '50.000000' | null, usage: '45.000000', forbidden, hang }] and
// `ai.keyUsage` { ak_…: { usage, allowance, hang } }. `hang: true` never answers (a hung read). Every write the
// real API has (POST /projects, PUT …/budget, PUT /api-keys/{id}/allowance, disable, delete) answers 501 and is
// counted in `stats.managementWrites`: this tool must never call one.
// Sandbox gaps say so: `group_by[]` and the filter parameters, and /public/v1 routes the sandbox lacks, answer 501
// sandbox_not_implemented in the billing envelope; the real media and LLM routes it lacks answer 501 in the
// {code, msg} shape. Unknown paths keep the real 401 ("a wrong URL path also returns 401").
import { createHash } from 'node:crypto'
import { requestId, sendJson } from './http-util.js'

const DAY = 86_400_000
const MAX_DAYS = 180
/** Real routes of the media and LLM families (atlascloud-ai-api.md §2) the sandbox does not serve. */
const REAL_UNSERVED = [
  /^\/v1\/(chat\/completions|completions|responses|messages|images\/(generations|edits))$/,
  /^\/v1beta\/models\/[^/]+$/,
  /^\/api\/v1\/model\/(generateImage|generateVideo|generateAudio|uploadMedia)$/,
  /^\/api\/v1\/model\/prediction\/[^/]+$/
]
const DATE = /^\d{4}-\d{2}-\d{2}$/

/** The UTC day (YYYY-MM-DD) of a time in ms. @param {number} ms */
const dayOf = ms => new Date(ms).toISOString().slice(0, 10)
/** A fixed six-decimal money string. @param {number} usd */
const money6 = usd => (Math.round(usd * 1e6) / 1e6).toFixed(6)

/**
 * Spend per UTC day from the scenario's `ai.costs`, relative to `now`.
 * @param {any} spec @param {number} now @returns {Map<string, number>} date → usd for a whole day
 */
export function dailyCosts(spec, now) {
  const out = new Map()
  const today = Date.parse(`${dayOf(now)}T00:00:00Z`)
  if (Array.isArray(spec)) {
    for (const c of spec) {
      const date = c.date ?? dayOf(today - (c.daysAgo ?? 0) * DAY)
      out.set(date, (out.get(date) ?? 0) + Number(c.usd))
    }
    return out
  }
  if (!spec || !spec.dailyUsd) return out
  const jitter = spec.jitter ?? 0
  const first = spec.today === false ? 1 : 0
  for (let i = first; i <= (spec.days ?? 0); i++) {
    const date = dayOf(today - i * DAY)
    // Deterministic jitter: the same date always costs the same.
    const r = createHash('sha256').update(date).digest().readUInt32BE(0) / 0xffffffff
    out.set(date, spec.dailyUsd * (1 + jitter * (2 * r - 1)))
  }
  return out
}

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
    if (path === '/public/v1/model-costs') return 'ai.costs'
    if (/^\/public\/v1\/(projects|api-keys)(\/|$)/.test(path)) return 'ai.management'
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
    if (REAL_UNSERVED.some(re => re.test(path)))
      return modelError(501, `The atlas-preflight sandbox does not implement ${req.method} ${path}.`)
    if (!path.startsWith('/public/v1/')) return modelError(401, 'unauthorized')

    const bearer = /^bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')
    if (/^\/public\/v1\/(projects|api-keys)(\/|$)/.test(path))
      return this.management(req, res, url, path, bearer ? bearer[1].trim() : '', rid)
    const key = bearer ? ai.keys.find(k => k.key === bearer[1].trim()) : undefined
    if (!key || key.revoked)
      return billingError(401, 'authentication_error', 'invalid_api_key', 'Invalid API key provided.')

    if (path === '/public/v1/balance') {
      this.balanceCalls++
      if (this.balanceCalls <= (ai.rateLimitFirst ?? 0))
        return billingError(429, 'rate_limit_error', 'rate_limited', 'Rate limit reached.')
      // `ai.paymentRequired`: 402 on the balance read, naming the Coding Plan ('coding-plan'), the balance
      // ('balance'), or neither ('either'): Atlas Cloud's 402 is either (errors §7); its codes are UNCONFIRMED.
      if (ai.paymentRequired)
        return billingError(
          402,
          'billing_error',
          ai.paymentRequired === 'coding-plan'
            ? 'coding_plan_exhausted'
            : ai.paymentRequired === 'balance'
              ? 'insufficient_balance'
              : 'payment_required',
          ai.paymentRequired === 'coding-plan'
            ? 'Your Coding Plan allowance has run out.'
            : ai.paymentRequired === 'balance'
              ? 'Insufficient balance.'
              : 'Payment required.'
        )
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
    if (path === '/public/v1/model-costs') return this.costs(url, key, rid, res)
    return billingError(
      501,
      'sandbox_error',
      'sandbox_not_implemented',
      `The atlas-preflight sandbox does not implement ${req.method} ${path}. This is not an answer of Atlas Cloud.`
    )
  }

  /** The Management API reads (see the header). */
  management(req, res, url, path, given, rid) {
    const ai = this.s.ai
    const fail = (status, type, code, message) =>
      sendJson(res, status, { error: { type, code, message, param: null }, request_id: rid })
    if (req.method !== 'GET') {
      this.stats.managementWrites = (this.stats.managementWrites ?? 0) + 1
      return fail(
        501,
        'sandbox_error',
        'sandbox_not_implemented',
        `The sandbox does not implement ${req.method} ${path}.`
      )
    }
    if (!given.startsWith('mgmt-') || !(ai.managementKeys ?? []).includes(given))
      return fail(401, 'authentication_error', 'invalid_api_key', 'A Management API key is required.')
    const money = v => ({ value: v, currency: 'usd' })
    const window = {
      start_date: url.searchParams.get('start_date'),
      end_date: url.searchParams.get('end_date')
    }
    let m
    if ((m = /^\/public\/v1\/projects\/([^/]+)(\/usage)?$/.exec(path))) {
      const p = (ai.projects ?? []).find(x => x.id === decodeURIComponent(m[1]))
      if (!p) return fail(404, 'invalid_request_error', 'not_found', 'No such project.')
      if (p.hang) return new Promise(() => undefined)
      if (p.forbidden) return fail(403, 'permission_error', 'insufficient_permissions', 'Not allowed.')
      if (m[2])
        return sendJson(res, 200, {
          object: 'usage',
          project_id: p.id,
          ...window,
          total: money(p.usage ?? '0.000000'),
          request_id: rid
        })
      return sendJson(res, 200, {
        object: 'project',
        id: p.id,
        name: p.name ?? p.id,
        monthly_limit: p.monthlyLimit ? money(p.monthlyLimit) : null,
        usage_alert_percent: 80,
        request_id: rid
      })
    }
    if ((m = /^\/public\/v1\/api-keys\/([^/]+)\/usage$/.exec(path))) {
      const k = (ai.keyUsage ?? {})[decodeURIComponent(m[1])]
      if (!k) return fail(404, 'invalid_request_error', 'not_found', 'No such API key.')
      if (k.hang) return new Promise(() => undefined)
      return sendJson(res, 200, {
        object: 'usage',
        api_key_id: decodeURIComponent(m[1]),
        ...window,
        total: money(k.usage ?? '0.000000'),
        ...(k.allowance ? { allowance: money(k.allowance) } : {}),
        request_id: rid
      })
    }
    return fail(
      501,
      'sandbox_error',
      'sandbox_not_implemented',
      `The sandbox does not implement GET ${path}.`
    )
  }

  /** GET /public/v1/model-costs (see the header). */
  costs(url, key, rid, res) {
    const ai = this.s.ai
    const q = url.searchParams
    /** @param {number} status @param {string} type @param {string} code @param {string} message @param {string | null} param */
    const fail = (status, type, code, message, param) =>
      sendJson(res, status, { error: { type, code, message, param }, request_id: rid })
    // GUESS: every error code below except invalid_date_range ("end_date must be after start_date", errors.md).
    const unserved = ['group_by[]', 'model_types[]', 'model_ids[]', 'api_key_ids[]', 'group_by'].find(p =>
      q.has(p)
    )
    if (unserved)
      return fail(
        501,
        'sandbox_error',
        'sandbox_not_implemented',
        `The atlas-preflight sandbox does not implement ${unserved} on /public/v1/model-costs.`,
        unserved
      )
    for (const p of ['start_date', 'end_date']) {
      const v = q.get(p)
      if (!v) return fail(400, 'invalid_request_error', 'missing_parameter', `${p} is required.`, p)
      if (!DATE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)))
        return fail(400, 'invalid_request_error', 'invalid_date', `${p} must be a date as YYYY-MM-DD.`, p)
    }
    const start = Date.parse(`${q.get('start_date')}T00:00:00Z`)
    const end = Date.parse(`${q.get('end_date')}T00:00:00Z`)
    if (end <= start)
      return fail(
        400,
        'invalid_request_error',
        'invalid_date_range',
        'end_date must be after start_date',
        'end_date'
      )
    if ((end - start) / DAY > MAX_DAYS)
      return fail(
        400,
        'invalid_request_error',
        'invalid_date_range',
        `The date range covers at most ${MAX_DAYS} days.`,
        'end_date'
      )
    const scope = q.get('scope') ?? 'self'
    if (scope !== 'self' && scope !== 'account')
      return fail(
        400,
        'invalid_request_error',
        'invalid_parameter',
        'scope must be self or account.',
        'scope'
      )
    const limitRaw = q.get('limit')
    const limit = limitRaw === null ? (ai.costsPageSize ?? 100) : Number(limitRaw)
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      return fail(
        400,
        'invalid_request_error',
        'invalid_parameter',
        'limit must be between 1 and 1000.',
        'limit'
      )
    if (ai.costsForbidden)
      return fail(
        403,
        'permission_error',
        'insufficient_permissions',
        'This API key may not read model billing data.',
        null
      )
    if (scope === 'account' && !(key.canReadAccountCosts ?? key.canReadBalance))
      return fail(
        403,
        'permission_error',
        'insufficient_permissions',
        'Account scope requires account-level model billing read permission.',
        'scope'
      )
    // The cursor is opaque to clients; here it is the query it belongs to and the offset.
    const fingerprint = `${q.get('start_date')}|${q.get('end_date')}|${scope}|${limit}`
    let offset = 0
    const page = q.get('page')
    if (page) {
      let parsed
      try {
        parsed = JSON.parse(Buffer.from(page, 'base64url').toString('utf8'))
      } catch {
        parsed = undefined
      }
      if (!parsed || parsed.q !== fingerprint || !Number.isInteger(parsed.o) || parsed.o < 0)
        return fail(
          400,
          'invalid_request_error',
          'invalid_page',
          'page is not a cursor of this query.',
          'page'
        )
      offset = parsed.o
    }
    const now = this.now()
    const covered = now - (ai.costsLagMinutes ?? 60) * 60_000
    const spend = dailyCosts(ai.costs, now)
    const iso = (/** @type {number} */ ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
    const buckets = []
    for (let at = start; at < end && at <= now; at += DAY) {
      const date = dayOf(at)
      const until = Math.min(at + DAY, Math.max(at, covered))
      const full = spend.get(date)
      const share = (until - at) / DAY
      buckets.push({
        object: 'model_cost.bucket',
        date,
        start_at: iso(at),
        end_at: iso(at + DAY),
        covered_until: iso(until),
        partial: until < at + DAY,
        results:
          full === undefined
            ? []
            : [{ object: 'model_cost.result', amount: { value: money6(full * share), currency: 'usd' } }]
      })
    }
    // `ai.costsOdd` (a buggy or hostile server; issue 19 item 7): 'outside-window' adds 14 zero days before
    // start_date and two $500 days from end_date on; 'overflow' writes every amount as a 308-digit number (finite
    // alone, infinite when added up); 'hang' never answers.
    if (ai.costsOdd === 'hang') return new Promise(() => undefined)
    if (ai.costsOdd === 'outside-window') {
      const at = (/** @type {number} */ ms, /** @type {number} */ usd) => ({
        object: 'model_cost.bucket',
        date: dayOf(ms),
        start_at: iso(ms),
        end_at: iso(ms + DAY),
        covered_until: iso(ms + DAY),
        partial: false,
        results: [{ object: 'model_cost.result', amount: { value: money6(usd), currency: 'usd' } }]
      })
      for (let i = 1; i <= 14; i++) buckets.unshift(at(start - i * DAY, 0))
      buckets.push(at(end, 500), at(end + DAY, 500))
    }
    if (ai.costsOdd === 'overflow')
      for (const b of buckets) for (const r of b.results) r.amount.value = `${'9'.repeat(308)}.000000`
    const data = buckets.slice(offset, offset + limit)
    const more = offset + limit < buckets.length
    return sendJson(res, 200, {
      object: 'list',
      scope,
      data,
      has_more: more,
      next_page: more
        ? Buffer.from(JSON.stringify({ q: fingerprint, o: offset + limit })).toString('base64url')
        : null,
      request_id: rid
    })
  }
}
