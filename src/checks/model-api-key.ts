/**
 * model-api-key: the Atlas model API key (Voyage AI embeddings and reranking through Atlas; atlas-round3.md §4).
 *
 * 1. The host rule, without a request: keys created in Atlas (`al-…`) authenticate only on ai.mongodb.com, so
 *    `model-base-url` on any other host is an error naming the host the key works with; a key that is not `al-`
 *    (one created on Voyage's own site, whose prefix is not documented) sent to ai.mongodb.com is a warning.
 * 2. The Admin API view, when an Atlas credential and `atlas-project-id` are given: the project's model API keys
 *    (version 2025-03-12) and their rate limits. The given key is recognised by the last four characters the list
 *    shows (`maskedSecret`, `al-****odu2`); where the list does not show them, the finding says so rather than
 *    guess. No key in the project, or the given key absent or not ACTIVE, is an error: the pipeline's calls fail.
 * 3. The live proof, only with `model-key-proof: true`: one embeddings request of the smallest input. 401/403
 *    make the key `rejected`, a 429 proves it (`valid`, with a rate-limit warning); without the proof `model-key`
 *    is `unproven`, never `valid`.
 */
import type { AiModelApiKey, AiModelRateLimit } from '../atlas/types.js'
import { ATLAS_MODEL_HOST } from '../config/endpoints.js'
import { isLoopbackHost } from '../http/trust.js'
import { defineFindings, type Finding } from '../core/finding.js'
import { untrusted } from '../core/untrusted.js'
import { ATLAS_FAILURES, atlasFailureFinding, serverSaid } from '../check-support/atlas-failures.js'
import { authOf } from '../check-support/atlas-context.js'
import { needClient, startEarly, type Check, type CheckContext } from '../check-support/check.js'
import { cleaned, shapeOf } from '../check-support/secret-formats.js'
import { PROOF_INPUT, PROOF_MODEL } from '../voyage/client.js'
import { familyBlocked } from './secrets.js'

const VOYAGE_HOST = 'api.voyageai.com'

export const FINDINGS = defineFindings(
  'model-api-key',
  {
    'wrong-host': {
      severity: 'error',
      title: 'The model API key is meant for another host',
      fix: 'Set `model-base-url: https://ai.mongodb.com/v1` (and the same base URL in the pipeline: the Voyage AI SDKs and LangChain/LiteLLM integrations take it as `base_url`). Keys created in Atlas (`al-…`) authenticate only there; api.voyageai.com and Atlas Cloud answer them with 401/403 as if the key were bad.'
    },
    'key-not-for-host': {
      severity: 'warning',
      title: 'A key that is not an Atlas model API key is used on ai.mongodb.com',
      fix: "Keys created on Voyage AI's own site work only on https://api.voyageai.com: set `model-base-url` (and the pipeline's base URL) to it, or create a model API key in Atlas (AI Models → API Keys; it starts with `al-`)."
    },
    'no-model-keys': {
      severity: 'error',
      title: 'The project has no model API key',
      fix: 'Create one in Atlas (Project → AI Models → API Keys → Create), store it as the secret behind `model-api-key`, or correct `atlas-project-id`.'
    },
    'key-not-in-project': {
      severity: 'error',
      title: "The model API key is not one of the project's keys",
      fix: 'The key was revoked, or belongs to another project: check `atlas-project-id`, or create a new key in Atlas (AI Models → API Keys) and update the secret behind `model-api-key`.'
    },
    'key-not-active': {
      severity: 'error',
      title: 'The model API key is not active',
      fix: 'Enable the key in Atlas (AI Models → API Keys), or create a new one and update the secret behind `model-api-key`.'
    },
    'key-unrecognisable': {
      severity: 'notice',
      title: "The project's key list does not show which key is this one",
      fix: 'Nothing to do: the list shows no masked suffix to match, so only `model-key-proof: true` can prove this key.'
    },
    'key-listed': { severity: 'notice', title: 'The model API key is in the project', fix: 'Nothing to do.' },
    'rate-limits': { severity: 'notice', title: 'Model rate limits of the project', fix: 'Nothing to do.' },
    'admin-view-unreadable': {
      severity: 'warning',
      title: "The project's model API keys could not be read",
      fix: 'Grant the Atlas credential Project Read Only (GROUP_READ_ONLY) on `atlas-project-id`, or drop `atlas-project-id` to skip this part; the key itself was not judged.'
    },
    valid: { severity: 'notice', title: 'The model API key works', fix: 'Nothing to do.' },
    unproven: {
      severity: 'notice',
      title: 'The model API key was not proved live',
      fix: 'Nothing to do; set `model-key-proof: true` to spend one tiny embeddings request (see the README) and prove it.'
    },
    'rejected-401': {
      severity: 'error',
      title: 'The embeddings host rejected the model API key (401)',
      fix: "The key is wrong, revoked, or meant for another host: keys created in Atlas (`al-…`) work only on https://ai.mongodb.com, keys from Voyage AI's site only on https://api.voyageai.com. Create a new key (Atlas → AI Models → API Keys) and update the secret behind `model-api-key`."
    },
    'rejected-403': {
      severity: 'error',
      title: 'The embeddings host refused the model API key (403)',
      fix: "The key is disabled, lacks access to the model, or is used outside its region: check the key's status and endpoint in Atlas (AI Models → API Keys) and that `model-base-url` is the endpoint it shows."
    },
    'rate-limited': {
      severity: 'warning',
      title: 'The model API key works but is rate-limited now',
      fix: "The key is valid (the host counted the request against its limits). Raise the project's model rate limits (Atlas → AI Models → Rate Limits) or spread the pipeline's requests; other jobs may share the key."
    },
    'payment-required': {
      severity: 'error',
      title: 'The embeddings host answered 402 Payment Required',
      fix: "Either the balance is too low or a plan's allowance is spent (the answer does not always say which): check billing for the organization (Atlas → Billing) and the key's plan."
    },
    'proof-failed': {
      severity: 'warning',
      title: 'The model API key could not be proved',
      fix: 'Check that the runner reaches the host of `model-base-url` on port 443 (firewall, DNS, HTTPS_PROXY/NO_PROXY) and re-run; the key was not judged.'
    }
  },
  [ATLAS_FAILURES]
)

export type ModelKeyState = 'valid' | 'rejected' | 'unproven'

export interface ModelApiKeyData extends Record<string, unknown> {
  host?: string
  modelKey?: ModelKeyState
  /** The project's keys (never a secret): name, status, endpoint, the masked secret. */
  projectKeys?: { name?: string; status?: string; endpoint?: string; maskedSecret?: string }[]
  rateLimits?: { modelGroup?: string; rpm?: number; tpm?: number }[]
}

export const modelApiKeyCheck: Check<ModelApiKeyData> = {
  id: 'model-api-key',
  title: 'Atlas model API key',
  summary:
    "With `model-api-key`: the Atlas model API key (`al-…`, Voyage AI embeddings through Atlas) against the host it is sent to, without a request; with an Atlas credential and `atlas-project-id`, the project's model API keys and rate limits (is the key there, is it `ACTIVE`); with `model-key-proof: true`, one tiny embeddings request. `model-key`.",
  needs: [],
  after: ['secrets', 'atlas-auth'],
  findings: FINDINGS,
  applies: c => (c.model.apiKey !== undefined ? true : 'no model-api-key given'),
  prefetch({ config, services }) {
    if (!services.atlas || !config.atlas.projectId) return
    startEarly(services.atlas.aiModelApiKeys(config.atlas.projectId))
    startEarly(services.atlas.aiModelApiRateLimits(config.atlas.projectId))
  },
  async run(ctx) {
    if (familyBlocked(ctx.result('secrets')?.findings, 'model'))
      return {
        findings: [],
        skipped: '`model-api-key` has errors (see secrets)',
        outputs: { 'model-key': 'unproven' }
      }
    const key = cleaned(ctx.config.model.apiKey!)
    const atlasMade = shapeOf(key) === 'model-key'
    const host = new URL(ctx.config.model.baseUrl).hostname.toLowerCase()
    const data: ModelApiKeyData = { host, modelKey: 'unproven' }
    const findings: Finding[] = []

    // 1. The host rule. Loopback is a test stand-in: no host is judged there.
    const hostMismatch = atlasMade && host !== ATLAS_MODEL_HOST && !isLoopbackHost(host)
    if (hostMismatch)
      findings.push(
        FINDINGS['wrong-host'](
          `\`model-api-key\` starts with \`al-\` (created in Atlas), which authenticates only on ${ATLAS_MODEL_HOST}, but \`model-base-url\` points at ${host}${host === VOYAGE_HOST ? " (Voyage AI's own host)" : ''}. No request was made.`
        )
      )
    else if (!atlasMade && host === ATLAS_MODEL_HOST)
      findings.push(
        FINDINGS['key-not-for-host'](
          `\`model-api-key\` does not start with \`al-\`, yet \`model-base-url\` is ${ATLAS_MODEL_HOST}, which takes only keys created in Atlas; a key from Voyage AI's site works on ${VOYAGE_HOST}.`
        )
      )

    // 2. The Admin API view.
    findings.push(...(await adminView(ctx, key, host, data)))

    // 3. The live proof, only on request and never to a host the key cannot work on.
    if (!ctx.config.model.proof) {
      findings.push(
        FINDINGS.unproven(
          hostMismatch
            ? 'The key was not sent anywhere: the host does not match it.'
            : '`model-key-proof` is false, so no embeddings request was made.'
        )
      )
    } else if (hostMismatch) {
      findings.push(
        FINDINGS.unproven(
          '`model-key-proof` is true, but the key was not sent: the host does not match it (see above).'
        )
      )
    } else {
      findings.push(...(await prove(ctx, data)))
    }
    return { findings, data, outputs: { 'model-key': data.modelKey ?? 'unproven' } }
  }
}

/** The project's model API keys and rate limits, when an Atlas credential and the project are given. */
async function adminView(
  ctx: CheckContext,
  key: string,
  host: string,
  data: ModelApiKeyData
): Promise<Finding[]> {
  const projectId = ctx.config.atlas.projectId
  const atlas = ctx.services.atlas
  if (!atlas || !projectId) return []
  const auth = ctx.result('atlas-auth')
  if (auth?.status === 'fail' || auth?.status === 'skipped' || authOf(ctx)?.blocked) return []
  const path = `GET /api/atlas/v2/groups/${projectId}/aiModelApiKeys`
  const [keys, limits] = await Promise.all([
    atlas.aiModelApiKeys(projectId),
    atlas.aiModelApiRateLimits(projectId)
  ])
  if (!keys.ok) {
    const f = keys.failure
    if (f.kind === 'missing-role' || f.kind === 'forbidden' || f.kind === 'not-found')
      return [
        FINDINGS['admin-view-unreadable'](
          `${path} answered ${serverSaid(f) || f.kind}: the project's model API keys were not read.`
        )
      ]
    return [atlasFailureFinding('model-api-key', "reading the project's model API keys", f)]
  }
  const out: Finding[] = []
  const list = keys.data
  data.projectKeys = list.map(k => ({
    ...(k.name ? { name: untrusted(k.name, 80) } : {}),
    ...(k.status ? { status: untrusted(k.status, 20) } : {}),
    ...(k.endpoint ? { endpoint: untrusted(k.endpoint, 100) } : {}),
    ...(k.maskedSecret ? { maskedSecret: untrusted(k.maskedSecret, 20) } : {})
  }))
  if (list.length === 0) {
    out.push(
      FINDINGS['no-model-keys'](
        `${path} answered an empty list: the project has no model API key, so the given key cannot be one of its keys.`
      )
    )
  } else {
    out.push(...recognise(list, key, host, path))
  }
  if (limits.ok) {
    data.rateLimits = limits.data.map(l => ({
      ...(l.modelGroupName ? { modelGroup: untrusted(l.modelGroupName, 60) } : {}),
      ...(l.requestsPerMinuteLimit !== undefined ? { rpm: l.requestsPerMinuteLimit } : {}),
      ...(l.tokensPerMinuteLimit !== undefined ? { tpm: l.tokensPerMinuteLimit } : {})
    }))
    if (limits.data.length > 0) out.push(FINDINGS['rate-limits'](describeLimits(limits.data)))
  }
  return out
}

/** Last four characters of a masked secret (`al-****odu2`), when it shows them. */
function suffixOf(masked: string | undefined): string | undefined {
  const m = masked ? /\*+([A-Za-z0-9_-]{4})$/.exec(masked) : null
  return m ? m[1] : undefined
}

function recognise(list: AiModelApiKey[], key: string, host: string, path: string): Finding[] {
  const name = (k: AiModelApiKey) => `"${untrusted(k.name ?? k.apiKeyId ?? 'unnamed', 60)}"`
  const masked = list.filter(k => suffixOf(k.maskedSecret) !== undefined)
  if (masked.length === 0) {
    const active = list.filter(k => (k.status ?? '').toUpperCase() === 'ACTIVE')
    if (active.length === 0)
      return [
        FINDINGS['key-not-active'](
          `${path} lists ${list.length} key${list.length === 1 ? '' : 's'} and none is ACTIVE (${list.map(k => `${name(k)}: ${untrusted(k.status ?? 'no status', 20)}`).join(', ')}).`
        )
      ]
    return [
      FINDINGS['key-unrecognisable'](
        `${path} lists ${list.length} key${list.length === 1 ? '' : 's'} (${active.length} ACTIVE) without a masked secret, so whether the given key is among them cannot be told.`
      )
    ]
  }
  const matches = masked.filter(k => suffixOf(k.maskedSecret) === key.slice(-4))
  if (matches.length === 0)
    return [
      FINDINGS['key-not-in-project'](
        `None of the project's ${list.length} model API key${list.length === 1 ? '' : 's'} ends with the given key's last four characters (${masked.map(k => `${name(k)} ${untrusted(k.maskedSecret!, 20)}`).join(', ')}).`
      )
    ]
  const active = matches.filter(k => (k.status ?? '').toUpperCase() === 'ACTIVE')
  if (active.length === 0)
    return [
      FINDINGS['key-not-active'](
        `The project's key ${matches.map(k => `${name(k)} is ${untrusted(k.status ?? 'without a status', 20)}`).join('; ')}.`
      )
    ]
  const k = active[0]!
  const out: Finding[] = []
  const endpoint = k.endpoint ? hostOf(k.endpoint) : undefined
  if (endpoint && !isLoopbackHost(host) && endpoint !== host)
    out.push(
      FINDINGS['wrong-host'](
        `The project lists this key (${name(k)}) with endpoint ${untrusted(endpoint, 80)}, but \`model-base-url\` points at ${host}.`,
        {
          fix: `Set \`model-base-url: https://${untrusted(endpoint, 80)}/v1\` (and the same base URL in the pipeline).`
        }
      )
    )
  out.push(
    FINDINGS['key-listed'](
      matches.length > 1
        ? `${matches.length} of the project's keys end with the same four characters; at least one (${name(k)}) is ACTIVE.`
        : `The project lists the key as ${name(k)}, ACTIVE${k.lastUsedAt ? `, last used ${untrusted(k.lastUsedAt, 40)}` : ''}.`
    )
  )
  return out
}

function hostOf(endpoint: string): string | undefined {
  try {
    return new URL(endpoint.includes('://') ? endpoint : `https://${endpoint}`).hostname.toLowerCase()
  } catch {
    return undefined
  }
}

function describeLimits(limits: AiModelRateLimit[]): string {
  const n = (x: number | undefined) => (x === undefined ? 'unknown' : x.toLocaleString('en-US'))
  return limits
    .map(
      l =>
        `${untrusted(l.modelGroupName ?? 'a model group', 60)}: ${n(l.requestsPerMinuteLimit)} requests and ${n(l.tokensPerMinuteLimit)} tokens a minute`
    )
    .join('; ')
    .concat('.')
}

/** One embeddings request of the smallest input. */
async function prove(ctx: CheckContext, data: ModelApiKeyData): Promise<Finding[]> {
  const client = needClient(ctx.services.model, 'the model host client')
  const call = await client.prove()
  const r = call.result
  const what = `POST ${new URL(ctx.config.model.baseUrl).pathname.replace(/\/$/, '')}/embeddings (model ${PROOF_MODEL}, input "${PROOF_INPUT}")`
  const said = r.ok
    ? `HTTP ${r.status}${call.message ? ` ("${untrusted(call.message, 160)}")` : ''}`
    : r.message
  if (!r.ok) return [FINDINGS['proof-failed'](`${what}: ${said}.`)]
  switch (r.status) {
    case 200:
      data.modelKey = 'valid'
      return [FINDINGS.valid(`${what} answered 200: the key works on ${data.host}.`)]
    case 401:
      data.modelKey = 'rejected'
      return [FINDINGS['rejected-401'](`${what} answered ${said}.`)]
    case 403:
      data.modelKey = 'rejected'
      return [FINDINGS['rejected-403'](`${what} answered ${said}.`)]
    case 429:
      data.modelKey = 'valid'
      return [
        FINDINGS['rate-limited'](
          `${what} answered ${said}${r.attempts > 1 ? ' twice (retried once, after its Retry-After)' : ''}${r.retryAfterS !== undefined ? `; Retry-After asked for ${r.retryAfterS} s, more than the run had left` : ''}.`
        )
      ]
    case 402:
      return [FINDINGS['payment-required'](`${what} answered ${said}.`)]
    default:
      return [FINDINGS['proof-failed'](`${what} answered ${said}.`)]
  }
}
