/**
 * Atlas Cloud AI spend over time (atlas-round2.md §6): GET /public/v1/model-costs answers daily UTC buckets,
 * `start_date` inclusive and `end_date` exclusive, paged by `has_more`/`next_page`. A bucket with `partial: true`,
 * or whose `covered_until` is before its `end_at`, is a day still being counted and is never used for a rate. The
 * burn rate is a trimmed mean of the full days (see `burnRate`), and the runway is the available credit at that
 * rate. Top-ups do not appear in costs, so the runway is only ever "at the recent rate".
 */
import { parseMoney } from './balance.js'

/** Full days asked for. */
export const COST_WINDOW_DAYS = 14
/** Fewer full days of spend history than this give no rate. */
export const MIN_HISTORY_DAYS = 3

const DAY = 86_400_000

/** One day of spend as the API reported it. */
export interface CostDay {
  date: string
  /** Spend in USD; undefined when the bucket had no result (no spend data for that day). */
  usd?: number
  /** Still being counted (`partial`, or `covered_until` before `end_at`). */
  partial: boolean
}

export type CostsParse = { ok: true; days: CostDay[]; more?: string } | { ok: false; problem: string }

/** The query window: the last `COST_WINDOW_DAYS` full UTC days before `now`'s day. */
export function costWindow(now: Date): { start: string; end: string } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)
  return { start: day(today - COST_WINDOW_DAYS * DAY), end: day(today) }
}

/** One page of the answer; `more` is the next page's cursor. */
export function parseCostsPage(json: unknown): CostsParse {
  if (!json || typeof json !== 'object' || Array.isArray(json))
    return { ok: false, problem: 'the answer is not a JSON object' }
  const j = json as Record<string, unknown>
  if (!Array.isArray(j['data'])) return { ok: false, problem: 'the answer has no `data` list' }
  const days: CostDay[] = []
  for (const raw of j['data'] as unknown[]) {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw))
      return { ok: false, problem: 'a bucket is not an object' }
    const b = raw as Record<string, unknown>
    const date = b['date']
    if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date))
      return { ok: false, problem: 'a bucket has no date' }
    const endAt = typeof b['end_at'] === 'string' ? Date.parse(b['end_at']) : NaN
    const covered = typeof b['covered_until'] === 'string' ? Date.parse(b['covered_until']) : NaN
    const partial =
      b['partial'] === true ||
      (!Number.isNaN(endAt) && !Number.isNaN(covered) && covered < endAt) ||
      (b['partial'] !== false && Number.isNaN(covered))
    const results = Array.isArray(b['results']) ? (b['results'] as unknown[]) : []
    let usd: number | undefined
    for (const r of results) {
      const m = parseMoney((r as { amount?: unknown } | null)?.amount)
      if (!m.ok) return { ok: false, problem: `a bucket's amount: ${m.detail}` }
      usd = (usd ?? 0) + m.money.value
    }
    days.push({ date, partial, ...(usd !== undefined ? { usd } : {}) })
  }
  const next = j['next_page']
  const more = j['has_more'] === true && typeof next === 'string' && next !== '' ? next : undefined
  return { ok: true, days, ...(more ? { more } : {}) }
}

export type Runway =
  | { kind: 'rate'; usdPerDay: number; days: number; historyDays: number }
  | { kind: 'no-spend'; historyDays: number }
  /** Spend, but too little to end the credit within MAX_RUNWAY_DAYS. */
  | { kind: 'unbounded'; usdPerDay: number; historyDays: number }
  | { kind: 'insufficient'; historyDays: number }
  /** The series gives no finite, positive rate (a sum that overflows, a negative total, a rate too small to mean anything). */
  | { kind: 'unusable'; historyDays: number; why: string }

/** Runways longer than this (100 years) are not a day count anyone can act on: the credit does not run out. */
export const MAX_RUNWAY_DAYS = 36_500
/** A day's spend above this (a billion dollars) is no real account's: the series is not believed. */
export const MAX_DAILY_USD = 1e9

/**
 * The burn rate of the full days. History starts at the first full day with spend data (a newer account has no
 * days before it); a day after that without a result counts as zero spend. Every figure returned is finite.
 */
export function runwayOf(days: CostDay[], available: number): Runway {
  const full = days.filter(d => !d.partial).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  const first = full.findIndex(d => d.usd !== undefined)
  const history = first < 0 ? [] : full.slice(first).map(d => d.usd ?? 0)
  const historyDays = history.length
  if (history.some(x => !Number.isFinite(x)) || !Number.isFinite(available))
    return { kind: 'unusable', historyDays, why: 'a figure is not a finite number' }
  const spentLately = days.some(d => d.partial && (d.usd ?? 0) > 0)
  const total = history.reduce((a, b) => a + b, 0)
  if (!Number.isFinite(total) || history.some(x => x > MAX_DAILY_USD))
    return { kind: 'unusable', historyDays, why: 'the daily amounts are beyond any real spend' }
  if (history.some(x => x < 0) && total <= 0)
    return { kind: 'unusable', historyDays, why: 'the spend of the window is negative' }
  if (total <= 0 && !spentLately) return { kind: 'no-spend', historyDays }
  if (historyDays < MIN_HISTORY_DAYS) return { kind: 'insufficient', historyDays }
  const rate = burnRate(history)
  if (!Number.isFinite(rate))
    return { kind: 'unusable', historyDays, why: 'the burn rate is not a finite number' }
  if (rate <= 0) return { kind: 'no-spend', historyDays }
  const daysLeft = Math.max(0, available) / rate
  if (!Number.isFinite(daysLeft) || daysLeft > MAX_RUNWAY_DAYS)
    return { kind: 'unbounded', usdPerDay: rate, historyDays }
  return { kind: 'rate', usdPerDay: rate, days: daysLeft, historyDays }
}

/**
 * A trimmed mean: the highest and lowest tenth of the days are dropped (one of each from 5 days on; none below),
 * the rest averaged. It resists a one-off batch day or an idle holiday, and unlike the median it still counts
 * spend that happens on fewer than half the days (a nightly-but-not-weekend or twice-a-week batch), which a median
 * would read as zero.
 */
export function burnRate(daily: number[]): number {
  const sorted = [...daily].sort((a, b) => a - b)
  const cut = sorted.length >= 5 ? Math.max(1, Math.floor(sorted.length / 10)) : 0
  const kept = sorted.slice(cut, sorted.length - cut)
  if (kept.length === 0) return 0
  return kept.reduce((a, b) => a + b, 0) / kept.length
}

/** A one-line sparkline of daily spend (▁ to █), oldest first; a day without data is a space. */
export function sparkline(values: (number | undefined)[]): string {
  const bars = '▁▂▃▄▅▆▇█'
  const max = Math.max(0, ...values.map(v => v ?? 0))
  return values
    .map(v => (v === undefined ? ' ' : max <= 0 ? bars[0] : bars[Math.min(7, Math.round((v / max) * 7))]))
    .join('')
}
