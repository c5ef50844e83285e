/**
 * ai-auth: prove the Atlas Cloud AI key with the authenticated, cost-free GET /public/v1/balance (the model
 * catalog is public, so a 200 there proves nothing about a key). 401: the key (or the base URL). 403 with the
 * billing error body: the key cannot read the balance, so the self-scoped /public/v1/model-usage read tells
 * whether the key itself works. A non-JSON 403 or a 451: blocked from this network or region, inconclusive.
 * Every failure quotes the X-Request-ID for support. Generation endpoints are never called.
 */
import type { AiCall } from '../atlascloud/client.js'
import { modelIds } from '../atlascloud/client.js'
import type { Finding } from '../core/finding.js'
import { untrusted } from '../core/untrusted.js'
import { familyBlocked } from './secrets.js'
import { finding } from '../core/finding.js'
import { type Check, needClient } from '../check-support/check.js'

export interface AiAuthData extends Record<string, unknown> {
  keyValid?: boolean
  balanceReadable?: boolean
  requestId?: string
  models?: number
}

export function said(call: AiCall): string {
  if (!call.result.ok) return call.result.message
  const e = call.error
  const what = e
    ? ` (${[e.code, e.message]
        .filter(Boolean)
        .map(x => untrusted(x, 120))
        .join(': ')})`
    : call.result.json === undefined && call.result.body
      ? ' (not JSON)'
      : ''
  return `HTTP ${call.result.status}${what}${call.requestId ? `, request id ${untrusted(call.requestId, 60)}` : ''}`
}

const KEY_FIX =
  'The key is missing, unknown, revoked or expired: create a new key in the Atlas Cloud console (API Keys → Create API Key) and update `ai-api-key`. Check `ai-base-url` too (https://api.atlascloud.ai): a wrong path also answers 401.'

export const aiAuthCheck: Check<AiAuthData> = {
  id: 'ai-auth',
  title: 'Atlas Cloud AI key',
  needs: [],
  after: ['secrets'],
  applies: c => (c.ai.apiKey !== undefined ? true : 'no ai-api-key given'),
  async run(ctx) {
    if (familyBlocked(ctx.result('secrets')?.findings, 'ai'))
      return { findings: [], skipped: '`ai-api-key` has errors (see secrets)' }
    const ai = needClient(ctx.services.ai, 'the Atlas Cloud client')
    // The catalog is public: it proves nothing about the key, so it is only awaited when models are required.
    const required = ctx.config.ai.requiredModels
    const catalog = required.length > 0 ? ai.models() : undefined
    const balance = await ai.balance()
    const findings: Finding[] = []
    const data: AiAuthData = { ...(balance.requestId ? { requestId: balance.requestId } : {}) }
    const r = balance.result
    const path = 'GET /public/v1/balance'

    if (!r.ok && (r.kind === 'redirect' || r.kind === 'too-large')) {
      findings.push(unexpectedAnswer(`${path}: ${r.message}.`))
    } else if (!r.ok) {
      findings.push(
        finding(
          'ai-auth',
          'unreachable',
          'error',
          'Atlas Cloud could not be reached',
          `${path}: ${r.message}.`,
          'Check that the runner can reach api.atlascloud.ai on port 443 (firewall, DNS, HTTPS_PROXY/NO_PROXY).'
        )
      )
    } else if (r.status === 200) {
      if (r.json && typeof r.json === 'object') {
        data.keyValid = true
        data.balanceReadable = true
        findings.push(
          finding(
            'ai-auth',
            'key-valid',
            'notice',
            'Atlas Cloud AI key works',
            `${path} answered 200 with this key.`,
            'Nothing to do.'
          )
        )
      } else {
        findings.push(unexpectedAnswer(`${path} answered ${said(balance)}.`))
      }
    } else if (r.status === 401) {
      data.keyValid = false
      findings.push(
        finding(
          'ai-auth',
          'key-rejected',
          'error',
          'Atlas Cloud rejected the API key',
          `${path} answered ${said(balance)}.`,
          KEY_FIX
        )
      )
    } else if (r.status === 403 && balance.error) {
      const usage = await ai.modelUsage()
      if (usage.result.ok && usage.result.status === 200) {
        data.keyValid = true
        data.balanceReadable = false
        findings.push(
          finding(
            'ai-auth',
            'no-balance-permission',
            'warning',
            'The key works but cannot read the account balance',
            `${path} answered ${said(balance)}; the self-scoped usage read succeeded, so the key itself is valid.`,
            'Credits cannot be checked with this key: in a team account give its owner the Account Admin or Finance role, or use a key of such a member for the preflight.'
          )
        )
      } else if (usage.result.ok && usage.result.status === 401) {
        data.keyValid = false
        findings.push(
          finding(
            'ai-auth',
            'key-rejected',
            'error',
            'Atlas Cloud rejected the API key',
            `${path} answered ${said(balance)} and the usage read answered ${said(usage)}.`,
            KEY_FIX
          )
        )
      } else {
        findings.push(
          finding(
            'ai-auth',
            'no-balance-permission',
            'warning',
            'The key cannot read the account balance',
            `${path} answered ${said(balance)}; the fallback usage read answered ${said(usage)}, so whether the key works is not known.`,
            'In a team account the key needs an Account Admin or Finance role to read the balance.'
          )
        )
      }
    } else if (r.status === 403 || r.status === 451) {
      findings.push(
        finding(
          'ai-auth',
          'blocked',
          'warning',
          'Atlas Cloud blocked this network or region: inconclusive',
          `${path} answered ${said(balance)}${r.status === 451 ? ' (blocked in your region)' : ', a block page rather than an API error'}. This says nothing about the key.`,
          'Run the preflight (and the jobs) from a network or region Atlas Cloud serves; GitHub-hosted runners are datacenter addresses that some blocks catch.'
        )
      )
    } else if (r.status === 429) {
      findings.push(
        finding(
          'ai-auth',
          'rate-limited',
          'warning',
          'Atlas Cloud rate-limited the check: inconclusive',
          `${path} answered ${said(balance)} after backing off (Atlas Cloud sends no Retry-After).`,
          'Re-run later; other jobs share the account and model rate limits.'
        )
      )
    } else if (r.status >= 500) {
      findings.push(
        finding(
          'ai-auth',
          'unavailable',
          'error',
          'Atlas Cloud answered with a server error',
          `${path} answered ${said(balance)} after retries.`,
          'Re-run the job; quote the request id to Atlas Cloud support if it persists.'
        )
      )
    } else {
      findings.push(unexpectedAnswer(`${path} answered ${said(balance)}.`))
    }

    const models = catalog ? await catalog : undefined
    const ids = models?.result.ok && models.result.status === 200 ? modelIds(models.result.json) : undefined
    if (ids) data.models = ids.length
    if (required.length > 0) {
      if (!ids) {
        findings.push(
          finding(
            'ai-auth',
            'catalog-unreadable',
            'warning',
            'The model catalog could not be read',
            `GET /api/v1/models answered ${said(models!)}, so \`ai-required-models\` could not be checked.`,
            'Re-run; the catalog is public and needs no key.'
          )
        )
      } else {
        const missing = required.filter(m => !ids.includes(m))
        if (missing.length > 0)
          findings.push(
            finding(
              'ai-auth',
              'model-missing',
              'error',
              'Required models are not in the catalog',
              `Not in the Atlas Cloud catalog: ${missing.map(m => untrusted(m, 80)).join(', ')} (${ids.length} models listed).`,
              'Check the model ids on atlascloud.ai/models (they look like `kwaivgi/kling-v2.0-t2v-master`), or update `ai-required-models`.'
            )
          )
      }
    }
    return { findings, data }
  }
}

/** An answer that is not Atlas Cloud's (wrong base URL, a proxy or captive portal in its place). */
function unexpectedAnswer(seen: string) {
  return finding(
    'ai-auth',
    'unexpected-response',
    'error',
    'Atlas Cloud gave an unexpected answer',
    seen,
    'Check `ai-base-url` (https://api.atlascloud.ai); a proxy or captive portal may be answering in its place.'
  )
}
