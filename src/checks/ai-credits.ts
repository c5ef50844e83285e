/**
 * ai-credits: every cap on Atlas Cloud spend, the tightest wins (issue 23). The caps: the available balance
 * (frozen funds treated as before: named when they explain a low balance, warned about when they are half of it or
 * more), the project's monthly budget left this month and the key's allowance left (both read with
 * `ai-management-key` from the Management API), and a Coding Plan allowance (a 402 says it is spent). The
 * headroom is the smallest cap that was read; `min-credits` (error below), `warn-credits` (warning below) and the
 * runway (`min-days-left`, `warn-days-left`: the headroom at the burn rate of the last 14 full days of costs,
 * atlascloud/costs.ts) apply to it, and the finding names the binding cap and what unblocks it. Without
 * `min-credits`, a headroom at or below zero is an error: Atlas Cloud rejects new requests with 402.
 *
 * Never fails green: when a threshold is set and a figure it needs was not read (no permission, a cap that applies
 * but has no management key, a hung or malformed answer, each read bounded within the run's deadline), the verdict
 * is a warning naming what was not read, never a pass or a silent skip. Every figure printed is finite.
 */
import { MIN_HISTORY_DAYS } from '../atlascloud/costs.js'
import { defineFindings } from '../core/finding.js'
import { startEarly, type CheckDeclaration } from '../check-support/check.js'

export interface AiCreditsData extends Record<string, unknown> {
  available?: string
  currency?: string
  cash?: string
  bonus?: string
  frozen?: string
  creditGrant?: Record<string, unknown>
  /** The runway: USD a day (trimmed mean of the full days), the days left at it, the full days it rests on. */
  burnUsdPerDay?: number
  daysLeft?: number
  historyDays?: number
  /** Daily spend of the window, oldest first (`usd` absent: no data; `partial`: still being counted). */
  dailySpend?: { date: string; usd?: number; partial?: boolean }[]
  /** The same, as a sparkline (▁ to █), for the job summary. */
  spendTrend?: string
  /** Every cap that applies: its figure in USD, or what was not read. */
  caps?: { cap: BindingCap; usd?: number; unread?: string }[]
  /** The smallest cap read (USD), and which cap binds (`unknown` when a cap that applies was not read). */
  headroom?: number
  bindingCap?: BindingCap | 'unknown'
}

export type BindingCap = 'balance' | 'project-budget' | 'key-allowance' | 'coding-plan'

export const TOP_UP =
  'Top up in the Atlas Cloud console (Billing → Top up; minimum $25), or turn on auto top-up, before the batch runs.'

export const FINDINGS = defineFindings('ai-credits', {
  'balance-unreadable': {
    severity: 'error',
    title: 'The balance could not be read',
    fix: 'Re-run; if it persists, report the request id to Atlas Cloud support.'
  },
  'unexpected-currency': {
    severity: 'error',
    title: 'The balance could not be read',
    fix: 'Thresholds are in USD: check the account currency in the Atlas Cloud console, or contact support with the request id.'
  },
  'below-minimum': { severity: 'error', title: 'Credit is below `min-credits`', fix: TOP_UP },
  'no-credit': { severity: 'error', title: 'The Atlas Cloud account has no credit', fix: TOP_UP },
  'below-warning': { severity: 'warning', title: 'Credit is running low', fix: TOP_UP },
  balance: { severity: 'notice', title: 'Credit available', fix: 'Nothing to do.' },
  'frozen-large': {
    severity: 'warning',
    title: 'Half the balance or more is frozen by submitted jobs',
    fix: 'Frozen money is reserved by jobs already submitted and returns when they finish or fail; until then new submits are refused with 402 Payment Required while money seems to remain. Lower the concurrency of submits, wait for running jobs, or top up.'
  },
  'runway-below-minimum': {
    severity: 'error',
    title: 'The credit lasts fewer days than `min-days-left`',
    fix: `${TOP_UP} The runway is the available credit divided by the typical daily spend of the last 14 full days; top-ups do not show in costs.`
  },
  'runway-short': {
    severity: 'warning',
    title: 'The credit lasts fewer days than `warn-days-left`',
    fix: `${TOP_UP} The runway is the available credit divided by the typical daily spend of the last 14 full days; top-ups do not show in costs.`
  },
  runway: { severity: 'notice', title: 'Days of credit left', fix: 'Nothing to do.' },
  'runway-unknown': {
    severity: 'notice',
    title: 'The runway could not be computed',
    fix: 'Nothing to do for the balance. For the runway, the key needs to read its own model costs (GET /public/v1/model-costs); re-run if the answer was a server error.'
  },
  'cap-unread': {
    severity: 'warning',
    title: 'A spending cap could not be read, so the credit gate cannot pass',
    fix: 'Give the preflight what it needs to read the cap the finding names (`ai-management-key` for a project budget or a key allowance; a key with the Account Admin or Finance role for the balance), or remove the threshold. Until then the gate is unknown, not passed.'
  },
  'coding-plan-spent': {
    severity: 'error',
    title: 'Atlas Cloud answered 402 Payment Required',
    fix: "Atlas Cloud says a 402 is either a Coding Plan allowance that has run out or a balance too low for the request: if the key is a Coding Plan key, wait for the plan's allowance to renew or upgrade the plan (Console → Coding Plan); otherwise top up (Billing → Top up)."
  },
  caps: { severity: 'notice', title: 'Spending caps', fix: 'Nothing to do.' },
  'runway-not-read': {
    severity: 'warning',
    title: 'Runway unknown: `min-days-left`/`warn-days-left` cannot pass',
    fix: 'The days of credit left could not be computed from the costs read (see what was seen); the gate is unknown, not passed. The key needs to read its own model costs (GET /public/v1/model-costs); re-run if the answer was a server error or slow.'
  },
  'runway-insufficient-history': {
    severity: 'notice',
    title: 'Too little spend history for a runway',
    fix: `Nothing to do: the runway needs at least ${MIN_HISTORY_DAYS} full days of spend in the last 14; it appears once there are.`
  }
})

export const aiCreditsDeclaration: CheckDeclaration<AiCreditsData> = {
  id: 'ai-credits',
  title: 'Atlas Cloud AI credits',
  summary:
    'Every cap on Atlas Cloud spend, the tightest wins: the available balance, the project\'s monthly budget left this month and the key\'s allowance left (with `ai-management-key`), a Coding Plan allowance (402). `min-credits` (fail), `warn-credits` (warn) and the runway (`min-days-left`, `warn-days-left`) apply to the headroom, and the finding names the binding cap and what unblocks it ("raise the project\'s monthly budget", not "top up"); frozen funds named, and a warning when half the balance or more is frozen by submitted jobs. The runway: the last 14 full UTC days of `/public/v1/model-costs` (days still being counted, and buckets outside the window, left out) give a burn rate (a trimmed mean: the highest and lowest tenth of the days dropped); `credit-days-left`, and the daily spend as a sparkline in the job summary. A gate that cannot read its figure never passes: with a threshold set, an unread cap or runway is a warning naming what was not read. See [AI credentials](#ai-credentials-model-api-keys-and-every-spending-cap).',
  needs: ['ai-auth'],
  findings: FINDINGS,
  applies: c => (c.ai.apiKey !== undefined ? true : 'no ai-api-key given'),
  prefetch({ services, config }) {
    // The costs and the Management API reads go out alongside ai-auth's balance read: no round trip added.
    startEarly(services.ai?.modelCosts())
    const m = services.management
    if (m && config.ai.projectId !== undefined) startEarly(m.project(config.ai.projectId))
    if (m && config.ai.keyId !== undefined) startEarly(m.keyUsage(config.ai.keyId))
  }
}
