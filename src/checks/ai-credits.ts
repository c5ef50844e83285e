/**
 * ai-credits: the available balance against `min-credits` (error below) and `warn-credits` (warning below).
 * Without `min-credits`, a zero or negative balance is an error: Atlas Cloud rejects new requests with 402 when
 * the balance cannot cover them. Frozen funds held by running jobs are named when they explain a low balance.
 */
import { parseBalance, type Money } from '../atlascloud/balance.js'
import type { Finding } from '../core/finding.js'
import type { AiAuthData } from './ai-auth.js'
import { finding } from '../core/finding.js'
import { type Check, needClient } from '../check-support/check.js'

export interface AiCreditsData extends Record<string, unknown> {
  available?: string
  currency?: string
  cash?: string
  bonus?: string
  frozen?: string
  creditGrant?: Record<string, unknown>
}

const usd = (m: Money | number) => `${(typeof m === 'number' ? m : m.value).toFixed(2)} USD`
const TOP_UP =
  'Top up in the Atlas Cloud console (Billing → Top up; minimum $25), or turn on auto top-up, before the batch runs.'

export const aiCreditsCheck: Check<AiCreditsData> = {
  id: 'ai-credits',
  title: 'Atlas Cloud AI credits',
  needs: ['ai-auth'],
  applies: c => (c.ai.apiKey !== undefined ? true : 'no ai-api-key given'),
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
      return {
        findings: [
          finding(
            'ai-credits',
            parsed.problem === 'currency' ? 'unexpected-currency' : 'balance-unreadable',
            'error',
            'The balance could not be read',
            `The balance answer has ${what} in \`${parsed.field}\`${rid}; it is not taken as zero or as enough.`,
            parsed.problem === 'currency'
              ? 'Thresholds are in USD: check the account currency in the Atlas Cloud console, or contact support with the request id.'
              : 'Re-run; if it persists, report the request id to Atlas Cloud support.'
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
        finding(
          'ai-credits',
          'below-minimum',
          'error',
          'Credit is below `min-credits`',
          `${state} That is below \`min-credits\` (${usd(min)}).${frozen} Image and video jobs are billed when submitted, so a batch would stop partway.`,
          TOP_UP,
          { available: b.available.text }
        )
      )
    } else if (min === undefined && value <= 0) {
      findings.push(
        finding(
          'ai-credits',
          'no-credit',
          'error',
          value < 0 ? 'The Atlas Cloud account is overdrawn' : 'The Atlas Cloud account has no credit',
          `${state}${frozen} New requests are rejected with 402 Payment Required.`,
          TOP_UP,
          { available: b.available.text }
        )
      )
    } else if (warn !== undefined && value < warn) {
      findings.push(
        finding(
          'ai-credits',
          'below-warning',
          'warning',
          'Credit is running low',
          `${state} That is below \`warn-credits\` (${usd(warn)}).${frozen}`,
          TOP_UP,
          { available: b.available.text }
        )
      )
    } else {
      findings.push(
        finding(
          'ai-credits',
          'balance',
          'notice',
          'Credit available',
          `${state}${frozen}${min !== undefined ? ` Minimum ${usd(min)}.` : ''}`,
          'Nothing to do.'
        )
      )
    }
    return { findings, data, outputs }
  }
}
