/**
 * Strict parsing of GET /public/v1/balance (docs/reference/atlascloud-ai-api.md §4): money is a six-decimal
 * string with a lowercase currency, e.g. {"value":"125.500000","currency":"usd"}; a number is accepted too.
 * Missing, non-numeric, NaN, infinite or non-USD values are reported, never read as zero; zero and negative
 * balances are real and kept.
 */

export interface Money {
  value: number
  /** The value as the API wrote it (for outputs: no float rounding). */
  text: string
  currency: string
}

export interface Balance {
  available: Money
  cash?: Money
  bonus?: Money
  subscriptionBonus?: Money
  frozen?: Money
  creditGrant?: {
    status?: string
    granted?: Money
    used?: Money
    remainingOverdraft?: Money
    overdrawn?: Money
  }
  account?: { id?: string; name?: string; type?: string }
}

export type BalanceProblem = 'not-an-object' | 'missing' | 'not-numeric' | 'not-finite' | 'currency'

export type BalanceParse =
  { ok: true; balance: Balance } | { ok: false; problem: BalanceProblem; field: string; detail: string }

const DECIMAL = /^-?\d+(\.\d+)?$/
export const EXPECTED_CURRENCY = 'usd'

type MoneyParse = { ok: true; money: Money } | { ok: false; problem: BalanceProblem; detail: string }

export function parseMoney(raw: unknown): MoneyParse {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    return { ok: false, problem: 'missing', detail: 'no {value, currency} object' }
  const { value, currency } = raw as { value?: unknown; currency?: unknown }
  let n: number
  let text: string
  if (typeof value === 'string') {
    const t = value.trim()
    if (!DECIMAL.test(t))
      return {
        ok: false,
        problem: /nan|inf/i.test(t) ? 'not-finite' : 'not-numeric',
        detail: 'the value is not a decimal number'
      }
    n = Number(t)
    text = t
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value))
      return { ok: false, problem: 'not-finite', detail: 'the value is not a finite number' }
    n = value
    text = value.toFixed(6)
  } else if (value === undefined || value === null) {
    return { ok: false, problem: 'missing', detail: 'the value is missing' }
  } else {
    return { ok: false, problem: 'not-numeric', detail: 'the value is not a number' }
  }
  if (!Number.isFinite(n))
    return { ok: false, problem: 'not-finite', detail: 'the value is not a finite number' }
  if (typeof currency !== 'string' || currency.trim().toLowerCase() !== EXPECTED_CURRENCY) {
    return {
      ok: false,
      problem: 'currency',
      detail: typeof currency === 'string' ? 'the currency is not USD' : 'the currency is missing'
    }
  }
  return { ok: true, money: { value: n, text, currency: currency.trim().toLowerCase() } }
}

export function parseBalance(json: unknown): BalanceParse {
  if (!json || typeof json !== 'object' || Array.isArray(json))
    return { ok: false, problem: 'not-an-object', field: 'body', detail: 'the answer was not a JSON object' }
  const j = json as Record<string, unknown>
  const available = parseMoney(j['available'])
  if (!available.ok)
    return { ok: false, problem: available.problem, field: 'available', detail: available.detail }
  const optional = (key: string): Money | undefined => {
    const m = parseMoney(j[key])
    return m.ok ? m.money : undefined
  }
  const balance: Balance = { available: available.money }
  const cash = optional('cash')
  if (cash) balance.cash = cash
  const bonus = optional('bonus')
  if (bonus) balance.bonus = bonus
  const sub = optional('subscription_bonus')
  if (sub) balance.subscriptionBonus = sub
  const frozen = optional('frozen')
  if (frozen) balance.frozen = frozen
  const cg = j['credit_grant']
  if (cg && typeof cg === 'object' && !Array.isArray(cg)) {
    const g = cg as Record<string, unknown>
    const m = (k: string) => {
      const r = parseMoney(g[k])
      return r.ok ? r.money : undefined
    }
    balance.creditGrant = {
      ...(typeof g['status'] === 'string' ? { status: g['status'] } : {}),
      ...(m('granted') ? { granted: m('granted') } : {}),
      ...(m('used') ? { used: m('used') } : {}),
      ...(m('remaining_overdraft') ? { remainingOverdraft: m('remaining_overdraft') } : {}),
      ...(m('overdrawn') ? { overdrawn: m('overdrawn') } : {})
    }
  }
  const acc = j['account']
  if (acc && typeof acc === 'object' && !Array.isArray(acc)) {
    const a = acc as Record<string, unknown>
    balance.account = {
      ...(typeof a['id'] === 'string' ? { id: a['id'] } : {}),
      ...(typeof a['type'] === 'string' ? { type: a['type'] } : {})
    }
  }
  return { ok: true, balance }
}
