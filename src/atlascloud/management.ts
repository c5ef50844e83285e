/**
 * The Atlas Cloud Management API (atlas-round3.md §4), read at the same base as `ai-base-url`
 * (`{base}/public/v1`), with a `mgmt-…` key as the Bearer token. Reads only: this class has no way to send
 * anything but a GET, and the key is sent nowhere else (the Management API lives on the Atlas Cloud host, the
 * only origin the HTTP layer lets it go to besides Atlas). The writes the API has (budgets, allowances, keys,
 * projects) are never called.
 *
 * What each answer carries is documented only in part, so every plausible shape is read and anything else is
 * "not read", never zero or enough:
 * - `GET /projects/{id}`: the budget `monthly_limit {value, currency}` at the top, under `budget`, or under `data`;
 *   null, `{}` or absent means no budget (unlimited), as the docs say of null and `{}`.
 * - `GET /projects/{id}/usage` and `GET /api-keys/{id}/usage` over this UTC month: a total as money (`total`,
 *   `amount`, `cost`, `spend`, `usage`, `total_cost`), or daily buckets like /model-costs, summed.
 * - A key's allowance (UNKNOWN whether any GET carries it): `allowance` (money, or `{limit|monthly_limit}`) or
 *   `allowance_remaining`/`remaining` in the key's usage answer; when none is there, the allowance is unreadable.
 */
import type { HttpClient } from '../http/client.js'
import { parseMoney } from './balance.js'
import { describe, type AiCall } from './client.js'

export type MoneyRead = { ok: true; usd: number } | { ok: false; problem: string }
export type BudgetRead = { ok: true; limit?: number } | { ok: false; problem: string }
export type AllowanceRead = { limit?: number; remaining?: number }

const DAY = 86_400_000

/** This UTC calendar month up to now, today's partial day included: start inclusive, end exclusive. */
export function monthWindow(now: Date): { start: string; end: string; resets: string } {
  const y = now.getUTCFullYear()
  const m = now.getUTCMonth()
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)
  const today = Date.UTC(y, m, now.getUTCDate())
  return { start: day(Date.UTC(y, m, 1)), end: day(today + DAY), resets: day(Date.UTC(y, m + 1, 1)) }
}

export class ManagementClient {
  private readonly memo = new Map<string, Promise<AiCall>>()

  constructor(
    private readonly http: HttpClient,
    readonly baseUrl: string,
    private readonly managementKey: string,
    private readonly today: () => Date = () => new Date()
  ) {}

  /** The only request this client can make. */
  private get(path: string): Promise<AiCall> {
    let p = this.memo.get(path)
    if (!p) {
      p = this.http
        .request({
          method: 'GET',
          url: `${this.baseUrl}/public/v1${path}`,
          headers: { accept: 'application/json', authorization: `Bearer ${this.managementKey}` },
          credentialed: true,
          idempotent: true
        })
        .then(describe)
      this.memo.set(path, p)
    }
    return p
  }

  project(projectId: string): Promise<AiCall> {
    return this.get(`/projects/${encodeURIComponent(projectId)}`)
  }

  projectUsage(projectId: string): Promise<AiCall> {
    const { start, end } = monthWindow(this.today())
    return this.get(`/projects/${encodeURIComponent(projectId)}/usage?start_date=${start}&end_date=${end}`)
  }

  keyUsage(keyId: string): Promise<AiCall> {
    const { start, end } = monthWindow(this.today())
    return this.get(`/api-keys/${encodeURIComponent(keyId)}/usage?start_date=${start}&end_date=${end}`)
  }
}

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x)

/** The object that carries the fields: the answer itself, or its `data` envelope. */
function body(json: unknown): Record<string, unknown> | undefined {
  if (!isObject(json)) return undefined
  return isObject(json['data']) ? json['data'] : json
}

/** A project's monthly budget; `limit` absent means none (unlimited). */
export function parseBudget(json: unknown): BudgetRead {
  const b = body(json)
  if (!b) return { ok: false, problem: 'the answer is not a JSON object' }
  const holder = isObject(b['budget']) ? b['budget'] : b
  if (!('monthly_limit' in holder) && !('id' in b) && b['object'] !== 'project')
    return { ok: false, problem: 'the answer is not a project' }
  const raw = holder['monthly_limit']
  if (raw === undefined || raw === null || (isObject(raw) && Object.keys(raw).length === 0))
    return { ok: true }
  const m = parseMoney(raw)
  if (!m.ok) return { ok: false, problem: `\`monthly_limit\`: ${m.detail}` }
  return { ok: true, limit: m.money.value }
}

const TOTAL_FIELDS = ['total', 'amount', 'cost', 'spend', 'usage', 'total_cost'] as const

/** Spend over the window the usage read asked for, in USD. */
export function parseSpend(json: unknown): MoneyRead {
  const b = body(json)
  if (!isObject(json) || !b) return { ok: false, problem: 'the answer is not a JSON object' }
  for (const f of TOTAL_FIELDS) {
    if (!(f in b)) continue
    const m = parseMoney(b[f])
    if (m.ok) return { ok: true, usd: m.money.value }
    return { ok: false, problem: `\`${f}\`: ${m.detail}` }
  }
  const data = json['data']
  if (Array.isArray(data)) {
    let usd = 0
    for (const bucket of data) {
      if (!isObject(bucket)) return { ok: false, problem: 'a bucket is not an object' }
      const results = Array.isArray(bucket['results']) ? (bucket['results'] as unknown[]) : []
      for (const r of results) {
        const m = parseMoney(isObject(r) ? (r['amount'] ?? r['cost']) : undefined)
        if (!m.ok) return { ok: false, problem: `a bucket's amount: ${m.detail}` }
        usd += m.money.value
      }
    }
    if (!Number.isFinite(usd)) return { ok: false, problem: 'the sum is not a finite number' }
    return { ok: true, usd }
  }
  return { ok: false, problem: 'the answer has no total and no daily buckets' }
}

/** A key's allowance where the answer carries one (whether any does is unknown); undefined when it does not. */
export function parseAllowance(json: unknown): AllowanceRead | undefined {
  const b = body(json)
  if (!b) return undefined
  const out: AllowanceRead = {}
  const remaining = parseMoney(b['allowance_remaining'] ?? b['remaining'])
  if (remaining.ok) out.remaining = remaining.money.value
  const a = b['allowance']
  const limitRaw = isObject(a) && !('value' in a) ? (a['limit'] ?? a['monthly_limit']) : a
  const limit = parseMoney(limitRaw)
  if (limit.ok) out.limit = limit.money.value
  if (isObject(a) && !('value' in a)) {
    const r = parseMoney(a['remaining'])
    if (r.ok) out.remaining = r.money.value
  }
  return out.limit !== undefined || out.remaining !== undefined ? out : undefined
}
