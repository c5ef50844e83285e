/**
 * ai-auth: prove the Atlas Cloud AI key with the authenticated, cost-free GET /public/v1/balance (the model
 * catalog is public, so a 200 there proves nothing about a key). 401: the key (or the base URL). 403 with the
 * billing error body: the key cannot read the balance, so the self-scoped /public/v1/model-usage read tells
 * whether the key itself works. A non-JSON 403 or a 451: blocked from this network or region, inconclusive.
 * Every failure quotes the X-Request-ID for support. Generation endpoints are never called.
 */
import { modelIds } from '../atlascloud/client.js'
import { classifyAi, paymentRequiredOf, said } from '../atlascloud/errors.js'
import { defineFindings, type Finding } from '../core/finding.js'
import { untrusted } from '../core/untrusted.js'
import { familyBlocked } from './secrets.js'
import { type Check, needClient } from '../check-support/check.js'

export const FINDINGS = defineFindings('ai-auth', {
  'key-valid': { severity: 'notice', title: 'Atlas Cloud AI key works', fix: 'Nothing to do.' },
  unreachable: {
    severity: 'error',
    title: 'Atlas Cloud could not be reached',
    fix: 'Check that the runner can reach api.atlascloud.ai on port 443 (firewall, DNS, HTTPS_PROXY/NO_PROXY).'
  },
  'key-rejected': {
    severity: 'error',
    title: 'Atlas Cloud rejected the API key',
    fix: 'The key is missing, unknown, revoked or expired: create a new key in the Atlas Cloud console (API Keys → Create API Key) and update `ai-api-key`. Check `ai-base-url` too (https://api.atlascloud.ai): a wrong path also answers 401.'
  },
  'no-balance-permission': {
    severity: 'warning',
    title: 'The key cannot read the account balance',
    fix: 'Credits cannot be checked with this key: in a team account give its owner the Account Admin or Finance role, or use a key of such a member for the preflight.'
  },
  blocked: {
    severity: 'warning',
    title: 'Atlas Cloud blocked this network or region: inconclusive',
    fix: 'Run the preflight (and the jobs) from a network or region Atlas Cloud serves; GitHub-hosted runners are datacenter addresses that some blocks catch.'
  },
  'rate-limited': {
    severity: 'warning',
    title: 'Atlas Cloud rate-limited the check: inconclusive',
    fix: 'Re-run later; other jobs share the account and model rate limits.'
  },
  unavailable: {
    severity: 'error',
    title: 'Atlas Cloud answered with a server error',
    fix: 'Re-run the job; quote the request id to Atlas Cloud support if it persists.'
  },
  'unexpected-response': {
    severity: 'error',
    title: 'Atlas Cloud gave an unexpected answer',
    fix: 'Check `ai-base-url` (https://api.atlascloud.ai); a proxy or captive portal may be answering in its place.'
  },
  'catalog-unreadable': {
    severity: 'warning',
    title: 'The model catalog could not be read',
    fix: 'Re-run; the catalog is public and needs no key.'
  },
  'model-missing': {
    severity: 'error',
    title: 'Required models are not in the catalog',
    fix: 'Check the model ids on atlascloud.ai/models (they look like `kwaivgi/kling-v2.0-t2v-master`), or update `ai-required-models`.'
  }
})

export interface AiAuthData extends Record<string, unknown> {
  keyValid?: boolean
  balanceReadable?: boolean
  requestId?: string
  models?: number
  /** The balance read answered 402: what Atlas Cloud says ran out (ai-credits reports it as the binding cap). */
  paymentRequired?: 'coding-plan' | 'balance' | 'either'
}

export const aiAuthCheck: Check<AiAuthData> = {
  id: 'ai-auth',
  title: 'Atlas Cloud AI key',
  summary:
    'The Atlas Cloud AI key, proven by the authenticated balance read (the model catalog is public and proves nothing); 403/451 blocks reported as inconclusive, not as a bad key.',
  needs: [],
  after: ['secrets'],
  findings: FINDINGS,
  applies: c => (c.ai.apiKey !== undefined ? true : 'no ai-api-key given'),
  async run(ctx) {
    if (familyBlocked(ctx.result('secrets')?.findings, 'ai'))
      return { findings: [], skipped: '`ai-api-key` has errors (see secrets)' }
    const ai = needClient(ctx.services.ai, 'the Atlas Cloud client')
    // Committed to sending the key: the dependent checks' reads (the costs) travel alongside the balance.
    ctx.warmDependents?.()
    // The catalog is public: it proves nothing about the key, so it is only awaited when models are required.
    const required = ctx.config.ai.requiredModels
    const catalog = required.length > 0 ? ai.models() : undefined
    const balance = await ai.balance()
    const findings: Finding[] = []
    const data: AiAuthData = { ...(balance.requestId ? { requestId: balance.requestId } : {}) }
    const r = balance.result
    const path = 'GET /public/v1/balance'

    const failure = classifyAi(balance)
    const answered = `${path} answered ${said(balance)}`
    switch (failure?.kind) {
      case undefined:
        if (r.ok && r.json && typeof r.json === 'object') {
          data.keyValid = true
          data.balanceReadable = true
          findings.push(FINDINGS['key-valid'](`${path} answered 200 with this key.`))
        } else findings.push(FINDINGS['unexpected-response'](`${answered}.`))
        break
      case 'unreachable':
        findings.push(FINDINGS.unreachable(`${path}: ${failure.message}.`))
        break
      case 'key-rejected':
        data.keyValid = false
        findings.push(FINDINGS['key-rejected'](`${answered}.`))
        break
      case 'no-permission': {
        // The balance needs a role the key may lack: the self-scoped usage read tells whether the key itself works.
        const usage = await ai.modelUsage()
        const u = classifyAi(usage)
        if (!u) {
          data.keyValid = true
          data.balanceReadable = false
          findings.push(
            FINDINGS['no-balance-permission'](
              `${answered}; the self-scoped usage read succeeded, so the key itself is valid.`,
              { title: 'The key works but cannot read the account balance' }
            )
          )
        } else if (u.kind === 'key-rejected') {
          data.keyValid = false
          findings.push(FINDINGS['key-rejected'](`${answered} and the usage read answered ${said(usage)}.`))
        } else {
          findings.push(
            FINDINGS['no-balance-permission'](
              `${answered}; the fallback usage read answered ${said(usage)}, so whether the key works is not known.`,
              { fix: 'In a team account the key needs an Account Admin or Finance role to read the balance.' }
            )
          )
        }
        break
      }
      case 'blocked':
        findings.push(
          FINDINGS.blocked(
            `${answered}${failure.region ? ' (blocked in your region)' : ', a block page rather than an API error'}. This says nothing about the key.`
          )
        )
        break
      case 'payment-required':
        // A 402 comes after authentication: the key works, and what ran out is ai-credits' finding.
        data.keyValid = true
        data.balanceReadable = false
        data.paymentRequired = paymentRequiredOf(balance)
        findings.push(
          FINDINGS['key-valid'](
            `${answered}: the key authenticated; what ran out is reported under ai-credits.`
          )
        )
        break
      case 'rate-limited':
        findings.push(
          FINDINGS['rate-limited'](`${answered} after backing off (Atlas Cloud sends no Retry-After).`)
        )
        break
      case 'unavailable':
        findings.push(FINDINGS.unavailable(`${answered} after retries.`))
        break
      case 'unexpected':
        findings.push(
          FINDINGS['unexpected-response'](
            failure.status === undefined ? `${path}: ${failure.message}.` : `${answered}.`
          )
        )
        break
    }

    const models = catalog ? await catalog : undefined
    const ids = models?.result.ok && models.result.status === 200 ? modelIds(models.result.json) : undefined
    if (ids) data.models = ids.length
    if (required.length > 0) {
      if (!ids) {
        findings.push(
          FINDINGS['catalog-unreadable'](
            `GET /api/v1/models answered ${said(models!)}, so \`ai-required-models\` could not be checked.`
          )
        )
      } else {
        const missing = required.filter(m => !ids.includes(m))
        if (missing.length > 0)
          findings.push(
            FINDINGS['model-missing'](
              `Not in the Atlas Cloud catalog: ${missing.map(m => untrusted(m, 80)).join(', ')} (${ids.length} models listed).`
            )
          )
      }
    }
    return { findings, data }
  }
}

declare module '../check-support/check-data.js' {
  interface CheckData {
    'ai-auth': AiAuthData
  }
}
