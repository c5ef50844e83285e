/**
 * Atlas Cloud AI reads (docs/reference/atlascloud-ai-api.md). The key is a Bearer token; the balance is the
 * authenticated, cost-free proof of a key; the model catalog is public (sent without the key) and proves only
 * connectivity. Generation endpoints are never called: they bill at submit. Both error envelopes are parsed and
 * the X-Request-ID is kept for support.
 */
import type { HttpClient, HttpResult } from '../http/client.js'
import { costWindow, parseCostsPage, type CostDay } from './costs.js'

export interface AiError {
  type?: string
  code?: string
  message?: string
}

export interface AiCall {
  result: HttpResult
  /** X-Request-ID header, else the body's request_id. */
  requestId?: string
  error?: AiError
}

/** The costs of the window: every page's days, or the call that failed (or whose answer did not parse). */
export type CostsRead =
  { ok: true; days: CostDay[]; start: string; end: string } | { ok: false; call: AiCall; problem?: string }

/** Pages of costs followed at most (14 daily buckets fit one page; a server paging by 1 still ends). */
const MAX_COST_PAGES = 15

export class AtlasCloudClient {
  private balanceCall: Promise<AiCall> | undefined
  private modelsCall: Promise<AiCall> | undefined
  private costsCall: Promise<CostsRead> | undefined

  constructor(
    private readonly http: HttpClient,
    readonly baseUrl: string,
    private readonly apiKey: string,
    private readonly today: () => Date = () => new Date()
  ) {}

  private async get(path: string, withKey: boolean, timeoutMs?: number): Promise<AiCall> {
    const result = await this.http.request({
      method: 'GET',
      url: `${this.baseUrl}${path}`,
      headers: { accept: 'application/json', ...(withKey ? { authorization: `Bearer ${this.apiKey}` } : {}) },
      credentialed: withKey,
      idempotent: true,
      ...(timeoutMs ? { timeoutMs, maxAttempts: 2 } : {})
    })
    return describe(result)
  }

  balance(): Promise<AiCall> {
    return (this.balanceCall ??= this.get('/public/v1/balance', true))
  }

  /** Self-scoped usage of today: readable by keys that cannot read the account balance. */
  modelUsage(): Promise<AiCall> {
    const d = this.today()
    const day = d.toISOString().slice(0, 10)
    const next = new Date(d.getTime() + 86_400_000).toISOString().slice(0, 10)
    return this.get(`/public/v1/model-usage?start_date=${day}&end_date=${next}`, true)
  }

  /**
   * Daily spend of the last 14 full UTC days (scope `self`, the default: ordinary keys may read it), every page
   * followed. Memoized: the runway check's prefetch and its run share one read.
   */
  modelCosts(): Promise<CostsRead> {
    return (this.costsCall ??= this.readCosts())
  }

  private async readCosts(): Promise<CostsRead> {
    const { start, end } = costWindow(this.today())
    const days: CostDay[] = []
    let page: string | undefined
    for (let i = 0; i < MAX_COST_PAGES; i++) {
      const call = await this.get(
        `/public/v1/model-costs?start_date=${start}&end_date=${end}&scope=self${page ? `&page=${encodeURIComponent(page)}` : ''}`,
        true
      )
      if (!call.result.ok || call.result.status !== 200) return { ok: false, call }
      const parsed = parseCostsPage(call.result.json)
      if (!parsed.ok) return { ok: false, call, problem: parsed.problem }
      days.push(...parsed.days)
      if (!parsed.more || parsed.more === page) break
      page = parsed.more
    }
    return { ok: true, days, start, end }
  }

  /** The public catalog of every modality. */
  models(): Promise<AiCall> {
    return (this.modelsCall ??= this.get('/api/v1/models', false, 5000))
  }
}

export function describe(result: HttpResult): AiCall {
  if (!result.ok) return { result }
  const body = (result.json ?? {}) as Record<string, unknown>
  const requestId =
    result.headers['x-request-id'] ||
    (typeof body['request_id'] === 'string' ? body['request_id'] : undefined)
  let error: AiError | undefined
  const e = body['error']
  if (e && typeof e === 'object' && !Array.isArray(e)) {
    const o = e as Record<string, unknown>
    error = {
      ...(typeof o['type'] === 'string' ? { type: o['type'] } : {}),
      ...(typeof o['code'] === 'string' ? { code: o['code'] } : {}),
      ...(typeof o['message'] === 'string' ? { message: o['message'] } : {})
    }
  } else if (
    result.status >= 400 &&
    (typeof body['msg'] === 'string' || typeof body['code'] !== 'undefined')
  ) {
    error = {
      ...(body['code'] !== undefined ? { code: String(body['code']) } : {}),
      ...(typeof body['msg'] === 'string' ? { message: body['msg'] } : {})
    }
  }
  return { result, ...(requestId ? { requestId } : {}), ...(error ? { error } : {}) }
}

/** Model ids in either catalog shape: {data:[{id}]} or {data:[{model}]}. */
export function modelIds(json: unknown): string[] | undefined {
  const data = (json as { data?: unknown } | undefined)?.data
  if (!Array.isArray(data)) return undefined
  return data
    .map(m =>
      m && typeof m === 'object'
        ? ((m as { id?: unknown; model?: unknown }).id ?? (m as { model?: unknown }).model)
        : undefined
    )
    .filter((x): x is string => typeof x === 'string')
}
