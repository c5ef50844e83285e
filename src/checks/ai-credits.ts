/**
 * ai-credits: the available balance against `min-credits` (error below) and `warn-credits` (warning below).
 * Without `min-credits`, a zero or negative balance is an error: Atlas Cloud rejects new requests with 402 when
 * the balance cannot cover them. Frozen funds held by running jobs are named when they explain a low balance, and
 * warned about when they are half the balance or more. The runway: the last 14 full days of costs give a burn rate
 * (atlascloud/costs.ts) and the days the credit lasts at it, against `min-days-left` (error) and `warn-days-left`
 * (warning); a costs read that fails or too little history is inconclusive, never a failure.
 */
import { parseBalance, type Balance, type Money } from '../atlascloud/balance.js'
import { classifyAi, said } from '../atlascloud/errors.js'
import { MIN_HISTORY_DAYS, runwayOf, sparkline } from '../atlascloud/costs.js'
import { defineFindings, type Finding } from '../core/finding.js'
import type { AiAuthData } from './ai-auth.js'
import { startEarly, type Check, type CheckContext, needClient } from '../check-support/check.js'

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
}

const usd = (m: Money | number) => `${(typeof m === 'number' ? m : m.value).toFixed(2)} USD`
const TOP_UP =
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
  'runway-insufficient-history': {
    severity: 'notice',
    title: 'Too little spend history for a runway',
    fix: `Nothing to do: the runway needs at least ${MIN_HISTORY_DAYS} full days of spend in the last 14; it appears once there are.`
  }
})

export const aiCreditsCheck: Check<AiCreditsData> = {
  id: 'ai-credits',
  title: 'Atlas Cloud AI credits',
  needs: ['ai-auth'],
  findings: FINDINGS,
  applies: c => (c.ai.apiKey !== undefined ? true : 'no ai-api-key given'),
  prefetch({ services }) {
    // The costs go out alongside ai-auth's balance read: the runway adds no round trip.
    startEarly(services.ai?.modelCosts())
  },
  async run(ctx) {
    const auth = ctx.result<AiAuthData>('ai-auth')?.data
    if (!auth?.balanceReadable)
      return { findings: [], skipped: 'the balance could not be read (see ai-auth)' }
    const call = await needClient(ctx.services.ai, 'the Atlas Cloud client').balance()
    const parsed = parseBalance(call.result.ok ? call.result.json : undefined)
    const rid = call.requestId ? ` (request id ${call.requestId})` : ''
    if (!parsed.ok) {
      const what =
        parsed.problem === 'currency'
          ? 'an unexpected currency'
          : parsed.problem === 'not-finite'
            ? 'a value that is not a finite number'
            : parsed.problem === 'missing'
              ? 'no value'
              : parsed.problem === 'not-numeric'
                ? 'a value that is not a number'
                : 'an answer that is not a balance'
      const raise =
        parsed.problem === 'currency' ? FINDINGS['unexpected-currency'] : FINDINGS['balance-unreadable']
      return {
        findings: [
          raise(
            `The balance answer has ${what} in \`${parsed.field}\`${rid}; it is not taken as zero or as enough.`
          )
        ]
      }
    }
    const b = parsed.balance
    const value = b.available.value
    const min = ctx.config.minCredits
    const warn = ctx.config.warnCredits
    const data: AiCreditsData = {
      available: b.available.text,
      currency: b.available.currency,
      ...(b.cash ? { cash: b.cash.text } : {}),
      ...(b.bonus ? { bonus: b.bonus.text } : {}),
      ...(b.frozen ? { frozen: b.frozen.text } : {}),
      ...(b.creditGrant
        ? {
            creditGrant: {
              status: b.creditGrant.status,
              remainingOverdraft: b.creditGrant.remainingOverdraft?.text,
              overdrawn: b.creditGrant.overdrawn?.text
            }
          }
        : {})
    }
    const outputs = { 'credit-balance': b.available.text, 'credit-currency': b.available.currency }
    const frozen =
      b.frozen && b.frozen.value > 0
        ? ` ${usd(b.frozen)} more is frozen by running jobs and returns when they finish or fail.`
        : ''
    const state =
      value < 0 ? `The account is overdrawn: available ${usd(value)}.` : `Available ${usd(value)}.`
    const findings: Finding[] = []
    if (min !== undefined && value < min) {
      findings.push(
        FINDINGS['below-minimum'](
          `${state} That is below \`min-credits\` (${usd(min)}).${frozen} Image and video jobs are billed when submitted, so a batch would stop partway.`,
          { data: { available: b.available.text } }
        )
      )
    } else if (min === undefined && value <= 0) {
      findings.push(
        FINDINGS['no-credit'](`${state}${frozen} New requests are rejected with 402 Payment Required.`, {
          ...(value < 0 ? { title: 'The Atlas Cloud account is overdrawn' } : {}),
          data: { available: b.available.text }
        })
      )
    } else if (warn !== undefined && value < warn) {
      findings.push(
        FINDINGS['below-warning'](`${state} That is below \`warn-credits\` (${usd(warn)}).${frozen}`, {
          data: { available: b.available.text }
        })
      )
    } else {
      findings.push(FINDINGS.balance(`${state}${frozen}${min !== undefined ? ` Minimum ${usd(min)}.` : ''}`))
    }
    const frozenLarge = frozenShare(b)
    if (frozenLarge !== undefined)
      findings.push(
        FINDINGS['frozen-large'](
          `${usd(b.frozen!)} of ${usd(value + b.frozen!.value)} (${Math.round(frozenLarge * 100)}%) is frozen by submitted jobs: a 402 Payment Required can come while money remains.`,
          { data: { frozen: b.frozen!.text } }
        )
      )
    const runway = await runwayFindings(ctx, value, data)
    findings.push(...runway.findings)
    return { findings, data, outputs: { ...outputs, 'credit-days-left': runway.daysLeft } }
  }
}

/** Frozen money reserves part of the balance (available + frozen): its share when it is half or more. */
function frozenShare(b: Balance): number | undefined {
  const frozen = b.frozen?.value ?? 0
  if (frozen <= 0) return undefined
  const share = frozen / (Math.max(0, b.available.value) + frozen)
  return share >= 0.5 ? share : undefined
}

/** The runway findings, the `credit-days-left` output (one decimal, empty when unknown) and the trend in `data`. */
async function runwayFindings(
  ctx: CheckContext,
  available: number,
  data: AiCreditsData
): Promise<{ findings: Finding[]; daysLeft: string }> {
  const read = await needClient(ctx.services.ai, 'the Atlas Cloud client').modelCosts()
  if (!read.ok) {
    const f = classifyAi(read.call)
    const why =
      read.problem !== undefined
        ? `its answer could not be read (${read.problem})`
        : f?.kind === 'no-permission'
          ? 'this key may not read model costs'
          : 'the read failed'
    return {
      findings: [
        FINDINGS['runway-unknown'](
          `GET /public/v1/model-costs answered ${said(read.call)}: ${why}, so the days of credit left are unknown. The balance above is unaffected.`
        )
      ],
      daysLeft: ''
    }
  }
  const byDate = new Map<string, { usd?: number; partial: boolean }>()
  for (const d of read.days) byDate.set(d.date, d)
  const days = [...byDate.entries()].sort(([a], [b]) => a.localeCompare(b))
  data.dailySpend = days.map(([date, d]) => ({
    date,
    ...(d.usd !== undefined ? { usd: Math.round(d.usd * 100) / 100 } : {}),
    ...(d.partial ? { partial: true } : {})
  }))
  data.spendTrend = sparkline(days.map(([, d]) => (d.partial ? undefined : d.usd)))
  const r = runwayOf(
    days.map(([date, d]) => ({ date, partial: d.partial, ...(d.usd !== undefined ? { usd: d.usd } : {}) })),
    available
  )
  data.historyDays = r.historyDays
  const window = `${read.start} to ${read.end} (end excluded)`
  if (r.kind === 'no-spend')
    return {
      findings: [
        FINDINGS.runway(
          `No spend in the full days from ${window}: at that rate the credit does not run out, so there is no day count.`,
          { title: 'No recent spend: the runway is unbounded' }
        )
      ],
      daysLeft: ''
    }
  if (r.kind === 'insufficient')
    return {
      findings: [
        FINDINGS['runway-insufficient-history'](
          `Spend data covers ${r.historyDays} full day${r.historyDays === 1 ? '' : 's'} of the 14 asked (${window}); at least ${MIN_HISTORY_DAYS} are needed for a burn rate, so no runway is given.`
        )
      ],
      daysLeft: ''
    }
  data.burnUsdPerDay = Math.round(r.usdPerDay * 100) / 100
  data.daysLeft = Math.floor(r.days * 10) / 10
  const left = data.daysLeft.toFixed(1)
  const basis = `at the typical spend of ${usd(r.usdPerDay)} a day (trimmed mean of ${r.historyDays} full day${r.historyDays === 1 ? '' : 's'}, ${window})`
  const seen = `The available ${usd(Math.max(0, available))} lasts about ${left} days ${basis}.`
  const { minDaysLeft: minDays, warnDaysLeft: warnDays } = ctx.config
  const more = { title: `Credit lasts about ${left} days`, data: { daysLeft: data.daysLeft } }
  const finding =
    minDays !== undefined && r.days < minDays
      ? FINDINGS['runway-below-minimum'](`${seen} That is fewer than \`min-days-left\` (${minDays}).`, more)
      : warnDays !== undefined && r.days < warnDays
        ? FINDINGS['runway-short'](`${seen} That is fewer than \`warn-days-left\` (${warnDays}).`, more)
        : FINDINGS.runway(seen, { title: more.title })
  return { findings: [finding], daysLeft: left }
}
