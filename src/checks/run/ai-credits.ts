/**
 * The run of `ai-credits`, loaded when the check runs: src/checks/ai-credits.ts declares the check, and the registry
 * (src/checks/index.ts) puts the two together.
 */
import { parseBalance, type Balance, type Money } from '../../atlascloud/balance.js'
import { classifyAi, said } from '../../atlascloud/errors.js'
import { MAX_RUNWAY_DAYS, MIN_HISTORY_DAYS, runwayOf, sparkline } from '../../atlascloud/costs.js'
import { within } from '../../check-support/within.js'
import { monthWindow, parseAllowance, parseBudget, parseSpend } from '../../atlascloud/management.js'
import type { AiCall } from '../../atlascloud/client.js'
import type { Finding } from '../../core/finding.js'
import { type CheckContext, needClient, type CheckOutcome } from '../../check-support/check.js'
import { FINDINGS, TOP_UP, AiCreditsData, BindingCap } from '../ai-credits.js'

export async function run(ctx: CheckContext): Promise<CheckOutcome<AiCreditsData>> {
  const auth = ctx.result('ai-auth')?.data
  const gates = thresholdsSet(ctx)
  if (auth?.paymentRequired) return paymentRequired(auth.paymentRequired)
  if (!auth?.balanceReadable) {
    if (gates.length === 0) return { findings: [], skipped: 'the balance could not be read (see ai-auth)' }
    return {
      findings: [
        FINDINGS['cap-unread'](
          `The balance was not read (see ai-auth), and ${gates.map(g => `\`${g}\``).join(', ')} ${gates.length === 1 ? 'is' : 'are'} set: the credit gate is unknown, not passed.`,
          { title: 'The balance could not be read, so the credit gate cannot pass' }
        )
      ],
      outputs: { 'credit-binding-cap': 'unknown' }
    }
  }
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

  // Every cap; the smallest read is the headroom, and an unread cap that applies makes the binding cap unknown.
  const caps: Cap[] = [{ cap: 'balance', usd: value }, ...(await managementCaps(ctx))]
  const read = caps.filter((c): c is Cap & { usd: number } => c.usd !== undefined && Number.isFinite(c.usd))
  const unread = caps.filter(c => c.usd === undefined || !Number.isFinite(c.usd))
  const tightest = read.reduce((a, c) => (c.usd < a.usd ? c : a))
  const headroom = tightest.usd
  const binding: BindingCap | 'unknown' = unread.length > 0 ? 'unknown' : tightest.cap
  data.caps = caps.map(c => ({
    cap: c.cap,
    ...(c.usd !== undefined ? { usd: round2(c.usd) } : {}),
    ...(c.unread ? { unread: c.unread } : {})
  }))
  data.headroom = round2(headroom)
  data.bindingCap = binding
  const outputs = {
    'credit-balance': b.available.text,
    'credit-currency': b.available.currency,
    'credit-headroom': headroom.toFixed(6),
    'credit-binding-cap': binding
  }
  const { resets } = monthWindow(ctx.now())
  const fix = UNBLOCK[tightest.cap](resets)
  const atMost = unread.length > 0 ? 'at most ' : ''
  const frozen =
    b.frozen && b.frozen.value > 0
      ? ` ${usd(b.frozen)} more is frozen by running jobs and returns when they finish or fail.`
      : ''
  const tight = tightest.cap === 'balance' ? '' : ` (${tightest.basis})`
  const state =
    tightest.cap === 'balance'
      ? value < 0
        ? `The account is overdrawn: available ${usd(value)}.`
        : `Available ${usd(value)}.`
      : `The headroom is ${atMost}${usd(headroom)}, set by ${CAP_NAMES[tightest.cap]}${tight}; the balance is ${usd(value)}.`
  const findings: Finding[] = []
  const gateFinding = (f: Finding) => findings.push(f)
  if (min !== undefined && headroom < min) {
    gateFinding(
      FINDINGS['below-minimum'](
        `${state} That is below \`min-credits\` (${usd(min)}).${frozen} Image and video jobs are billed when submitted, so a batch would stop partway.`,
        { fix, data: { available: b.available.text, bindingCap: tightest.cap } }
      )
    )
  } else if (min === undefined && headroom <= 0) {
    gateFinding(
      FINDINGS['no-credit'](`${state}${frozen} New requests are rejected with 402 Payment Required.`, {
        ...(tightest.cap === 'balance' && value < 0 ? { title: 'The Atlas Cloud account is overdrawn' } : {}),
        ...(tightest.cap !== 'balance'
          ? { title: `Atlas Cloud spend is capped: ${CAP_NAMES[tightest.cap]} is used up` }
          : {}),
        fix,
        data: { available: b.available.text, bindingCap: tightest.cap }
      })
    )
  } else if (warn !== undefined && headroom < warn) {
    gateFinding(
      FINDINGS['below-warning'](`${state} That is below \`warn-credits\` (${usd(warn)}).${frozen}`, {
        fix,
        data: { available: b.available.text, bindingCap: tightest.cap }
      })
    )
  } else {
    findings.push(FINDINGS.balance(`${state}${frozen}${min !== undefined ? ` Minimum ${usd(min)}.` : ''}`))
  }
  // A cap that applies but was not read: with a threshold set the gate cannot pass; without one it is named.
  if (unread.length > 0) {
    const what = unread.map(c => `${CAP_NAMES[c.cap]}: ${c.unread}`).join('; ')
    const credit = gates.filter(g => g.endsWith('credits') || g.endsWith('days-left'))
    if (credit.length > 0)
      findings.push(
        FINDINGS['cap-unread'](
          `Not read: ${what}. The headroom is at most ${usd(headroom)}, and ${credit.map(g => `\`${g}\``).join(', ')} cannot be judged against a cap that was not read.`
        )
      )
    else
      findings.push(
        FINDINGS.caps(`Not read: ${what}. The headroom is at most ${usd(headroom)}.`, {
          title: 'A spending cap was not read'
        })
      )
  } else if (caps.length > 1) {
    findings.push(
      FINDINGS.caps(
        `${caps.map(c => `${CAP_NAMES[c.cap]} ${usd(c.usd!)}${c.basis ? ` (${c.basis})` : ''}`).join('; ')}. The tightest is ${CAP_NAMES[tightest.cap]}.`
      )
    )
  }
  const overdraft = b.creditGrant?.remainingOverdraft
  if (overdraft && overdraft.value > 0)
    findings.push(
      FINDINGS.caps(
        `The credit line's remaining overdraft is ${usd(overdraft)}; it is shown, never counted as headroom (whether requests are served against it is not documented).`,
        { title: 'Credit line overdraft (not counted)' }
      )
    )
  const frozenLarge = frozenShare(b)
  if (frozenLarge !== undefined)
    findings.push(
      FINDINGS['frozen-large'](
        `${usd(b.frozen!)} of ${usd(value + b.frozen!.value)} (${Math.round(frozenLarge * 100)}%) is frozen by submitted jobs: a 402 Payment Required can come while money remains.`,
        { data: { frozen: b.frozen!.text } }
      )
    )
  const runway = await runwayFindings(ctx, headroom, data, tightest.cap, fix)
  findings.push(...runway.findings)
  return { findings, data, outputs: { ...outputs, 'credit-days-left': runway.daysLeft } }
}

/** What unblocks each cap, named in its findings. */
const UNBLOCK: Record<BindingCap, (resets: string) => string> = {
  balance: () => TOP_UP,
  'project-budget': resets =>
    `Raise the project's monthly budget (Atlas Cloud console → Projects → Budget; the team owner or a Management API key can), or wait for it to reset on ${resets}. A top-up does not help: the budget, not the balance, is the limit.`,
  'key-allowance': resets =>
    `Raise the key's allowance (Atlas Cloud console → API Keys → Allowance; the team owner can), use another key, or wait for the allowance to renew (${resets} if it is monthly). A top-up does not help.`,
  'coding-plan': () =>
    "Wait for the Coding Plan allowance to renew, or upgrade the plan (Atlas Cloud console → Coding Plan); a Coding Plan key spends the plan's allowance, not the balance."
}

const CAP_NAMES: Record<BindingCap, string> = {
  balance: 'the available balance',
  'project-budget': "the project's monthly budget left",
  'key-allowance': "the key's allowance left",
  'coding-plan': 'the Coding Plan allowance'
}

interface Cap {
  cap: BindingCap
  usd?: number
  /** What was not read, and why. */
  unread?: string
  /** How the figure was found. */
  basis?: string
}

/** A read that did not answer within its share of the run's deadline. */
const SLOW = Symbol('slow')

/** A read within the run's deadline, leaving time to report (check-support/within.ts): a quarter, 750 ms at least. */
function bounded<T>(ctx: CheckContext, p: Promise<T>): Promise<T | typeof SLOW> {
  const remaining = ctx.services.http.deadline.remainingMs()
  return within(p, Math.max(0, remaining - Math.max(750, remaining / 4)), SLOW)
}

const thresholdsSet = (ctx: CheckContext) =>
  ['minCredits', 'warnCredits', 'minDaysLeft', 'warnDaysLeft']
    .filter(k => ctx.config[k as 'minCredits'] !== undefined)
    .map(
      k =>
        ({
          minCredits: 'min-credits',
          warnCredits: 'warn-credits',
          minDaysLeft: 'min-days-left',
          warnDaysLeft: 'warn-days-left'
        })[k]!
    )

const noWait = (what: string) => `${what} did not answer in time (its share of \`timeout-seconds\`)`

/** The project's budget left this month and the key's allowance left, each read or named as not read. */
async function managementCaps(ctx: CheckContext): Promise<Cap[]> {
  const { projectId, keyId } = ctx.config.ai
  const mgmt = ctx.services.management
  const caps: Cap[] = []
  const { start } = monthWindow(ctx.now())
  const answered = (path: string, r: AiCall | typeof SLOW) =>
    r === SLOW ? noWait(path) : `${path} answered ${said(r)}`
  if (projectId !== undefined) {
    const id = JSON.stringify(projectId.slice(0, 60))
    if (!mgmt) {
      caps.push({
        cap: 'project-budget',
        unread: `\`ai-project-id\` is set (${id}) but \`ai-management-key\` is not, so the project's monthly budget was not read`
      })
    } else {
      const path = `GET /public/v1/projects/${projectId.slice(0, 60)}`
      const p = await bounded(ctx, mgmt.project(projectId))
      if (p === SLOW || classifyAi(p)) caps.push({ cap: 'project-budget', unread: answered(path, p) })
      else {
        const budget = parseBudget(p.result.ok ? p.result.json : undefined)
        if (!budget.ok) caps.push({ cap: 'project-budget', unread: `${path}: ${budget.problem}` })
        else if (budget.limit !== undefined) {
          const upath = `${path}/usage`
          const u = await bounded(ctx, mgmt.projectUsage(projectId))
          const spent =
            u === SLOW || classifyAi(u) ? undefined : parseSpend(u.result.ok ? u.result.json : undefined)
          if (!spent || !spent.ok)
            caps.push({
              cap: 'project-budget',
              unread: `the budget is ${usd(budget.limit)} a month, but this month's usage was not read (${spent && !spent.ok ? `${upath}: ${spent.problem}` : answered(upath, u)})`
            })
          else
            caps.push({
              cap: 'project-budget',
              usd: budget.limit - spent.usd,
              basis: `budget ${usd(budget.limit)} a month, ${usd(spent.usd)} spent since ${start}`
            })
        }
      }
    }
  }
  if (keyId !== undefined) {
    if (!mgmt) {
      caps.push({
        cap: 'key-allowance',
        unread: "`ai-key-id` is set but `ai-management-key` is not, so the key's allowance was not read"
      })
    } else {
      const path = `GET /public/v1/api-keys/${keyId.slice(0, 60)}/usage`
      const u = await bounded(ctx, mgmt.keyUsage(keyId))
      if (u === SLOW || classifyAi(u)) caps.push({ cap: 'key-allowance', unread: answered(path, u) })
      else {
        const json = u.result.ok ? u.result.json : undefined
        const allowance = parseAllowance(json)
        const spent = parseSpend(json)
        if (!allowance)
          caps.push({
            cap: 'key-allowance',
            unread: `${path} answered without an allowance (Atlas Cloud documents no read of a key's allowance)`
          })
        else if (allowance.remaining !== undefined)
          caps.push({
            cap: 'key-allowance',
            usd: allowance.remaining,
            basis: 'as the key usage answer states it'
          })
        else if (spent.ok)
          caps.push({
            cap: 'key-allowance',
            usd: allowance.limit! - spent.usd,
            basis: `allowance ${usd(allowance.limit!)}, ${usd(spent.usd)} spent since ${start}`
          })
        else
          caps.push({
            cap: 'key-allowance',
            unread: `the allowance is ${usd(allowance.limit!)}, but the key's usage was not read (${spent.problem})`
          })
      }
    }
  }
  return caps
}

const round2 = (x: number) => Math.round(x * 100) / 100

/** The balance read (or the proof) answered 402: the Coding Plan, the balance, or either, as Atlas Cloud says. */
function paymentRequired(which: 'coding-plan' | 'balance' | 'either') {
  const cap: BindingCap = which === 'balance' ? 'balance' : 'coding-plan'
  const seen =
    which === 'coding-plan'
      ? 'Atlas Cloud answered the balance read with 402 Payment Required, naming the Coding Plan allowance: it is spent.'
      : which === 'balance'
        ? 'Atlas Cloud answered the balance read with 402 Payment Required, naming the balance: it cannot cover requests.'
        : 'Atlas Cloud answered the balance read with 402 Payment Required without saying which ran out: a Coding Plan allowance that is spent, or a balance too low. Both are possible.'
  return {
    findings: [
      FINDINGS['coding-plan-spent'](seen, {
        ...(which === 'coding-plan'
          ? { title: 'The Coding Plan allowance is spent', fix: UNBLOCK['coding-plan']('') }
          : {}),
        ...(which === 'balance'
          ? { title: 'The Atlas Cloud balance cannot cover requests (402)', fix: TOP_UP }
          : {}),
        data: { bindingCap: cap }
      })
    ],
    data: { headroom: 0, bindingCap: which === 'either' ? ('unknown' as const) : cap },
    outputs: {
      'credit-headroom': '0.000000',
      'credit-binding-cap': which === 'either' ? 'unknown' : cap
    }
  }
}

/** Frozen money reserves part of the balance (available + frozen): its share when it is half or more. */
function frozenShare(b: Balance): number | undefined {
  const frozen = b.frozen?.value ?? 0
  if (frozen <= 0) return undefined
  const share = frozen / (Math.max(0, b.available.value) + frozen)
  return share >= 0.5 ? share : undefined
}

/**
 * The runway findings, the `credit-days-left` output (one decimal, empty when unknown) and the trend in `data`.
 * The costs read is bounded within the deadline (a hung endpoint leaves the figures already read intact); buckets
 * outside the window asked for are ignored; a series that gives no finite rate is "runway unknown", a warning
 * when `min-days-left` or `warn-days-left` is set (never a pass).
 */
async function runwayFindings(
  ctx: CheckContext,
  headroom: number,
  data: AiCreditsData,
  binding: BindingCap,
  fix: string
): Promise<{ findings: Finding[]; daysLeft: string }> {
  const { minDaysLeft: minDays, warnDaysLeft: warnDays } = ctx.config
  const gated = minDays !== undefined || warnDays !== undefined
  const unknown = (seen: string, notice: Finding): { findings: Finding[]; daysLeft: string } => ({
    findings: [
      gated
        ? FINDINGS['runway-not-read'](
            `${seen} ${[minDays !== undefined ? '`min-days-left`' : '', warnDays !== undefined ? '`warn-days-left`' : ''].filter(Boolean).join(' and ')} cannot be judged: the runway is unknown, not passed.`
          )
        : notice
    ],
    daysLeft: ''
  })
  const read = await bounded(ctx, needClient(ctx.services.ai, 'the Atlas Cloud client').modelCosts())
  if (read === SLOW) {
    const seen = `GET /public/v1/model-costs ${noWait('').trim()}, so the days of credit left are unknown. The balance above is unaffected.`
    return unknown(seen, FINDINGS['runway-unknown'](seen))
  }
  if (!read.ok) {
    const f = classifyAi(read.call)
    const why =
      read.problem !== undefined
        ? `its answer could not be read (${read.problem})`
        : f?.kind === 'no-permission'
          ? 'this key may not read model costs'
          : 'the read failed'
    const seen = `GET /public/v1/model-costs answered ${said(read.call)}: ${why}, so the days of credit left are unknown. The balance above is unaffected.`
    return unknown(seen, FINDINGS['runway-unknown'](seen))
  }
  // Only the buckets of the window asked for: a server that answers more days is not believed about them.
  const byDate = new Map<string, { usd?: number; partial: boolean }>()
  let outside = 0
  for (const d of read.days) {
    if (d.date < read.start || d.date >= read.end) {
      outside++
      continue
    }
    byDate.set(d.date, d)
  }
  // ISO dates order as plain strings (localeCompare would set up ICU collation, milliseconds at its first use).
  const days = [...byDate.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  data.dailySpend = days.map(([date, d]) => ({
    date,
    ...(d.usd !== undefined ? { usd: round2(d.usd) } : {}),
    ...(d.partial ? { partial: true } : {})
  }))
  data.spendTrend = sparkline(days.map(([, d]) => (d.partial ? undefined : d.usd)))
  const r = runwayOf(
    days.map(([date, d]) => ({ date, partial: d.partial, ...(d.usd !== undefined ? { usd: d.usd } : {}) })),
    headroom
  )
  data.historyDays = r.historyDays
  const window = `${read.start} to ${read.end} (end excluded)${outside > 0 ? `; ${outside} bucket${outside === 1 ? '' : 's'} outside it ignored` : ''}`
  if (r.kind === 'unusable') {
    const seen = `The model costs of ${window} give no usable burn rate (${r.why}), so the days of credit left are unknown.`
    return unknown(seen, FINDINGS['runway-unknown'](seen))
  }
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
  if (r.kind === 'unbounded') {
    const rate = r.usdPerDay < 0.005 ? 'less than 0.01 USD' : usd(r.usdPerDay)
    const years = Math.round(MAX_RUNWAY_DAYS / 365)
    return {
      findings: [
        FINDINGS.runway(
          `At the typical spend of ${rate} a day (trimmed mean of ${r.historyDays} full days, ${window}) the credit lasts more than ${years} years: it does not run out in any time that matters, so there is no day count.`,
          { title: `Credit lasts more than ${years} years` }
        )
      ],
      daysLeft: ''
    }
  }
  if (r.kind === 'insufficient') {
    const seen = `Spend data covers ${r.historyDays} full day${r.historyDays === 1 ? '' : 's'} of the 14 asked (${window}); at least ${MIN_HISTORY_DAYS} are needed for a burn rate, so no runway is given.`
    return unknown(seen, FINDINGS['runway-insufficient-history'](seen))
  }
  data.burnUsdPerDay = round2(r.usdPerDay)
  data.daysLeft = Math.floor(r.days * 10) / 10
  const left = data.daysLeft.toFixed(1)
  const basis = `at the typical spend of ${usd(r.usdPerDay)} a day (trimmed mean of ${r.historyDays} full day${r.historyDays === 1 ? '' : 's'}, ${window})`
  const what = binding === 'balance' ? 'The available' : `The headroom (${CAP_NAMES[binding]})`
  const seen = `${what} ${usd(Math.max(0, headroom))} lasts about ${left} days ${basis}.`
  const more = { title: `Credit lasts about ${left} days`, data: { daysLeft: data.daysLeft } }
  const finding =
    minDays !== undefined && r.days < minDays
      ? FINDINGS['runway-below-minimum'](`${seen} That is fewer than \`min-days-left\` (${minDays}).`, {
          ...more,
          ...(binding !== 'balance' ? { fix } : {})
        })
      : warnDays !== undefined && r.days < warnDays
        ? FINDINGS['runway-short'](`${seen} That is fewer than \`warn-days-left\` (${warnDays}).`, {
            ...more,
            ...(binding !== 'balance' ? { fix } : {})
          })
        : FINDINGS.runway(seen, { title: more.title })
  return { findings: [finding], daysLeft: left }
}

const usd = (m: Money | number) => `${(typeof m === 'number' ? m : m.value).toFixed(2)} USD`
