/**
 * The run of `model-api-key`, loaded when the check runs: src/checks/model-api-key.ts declares the check, and the registry
 * (src/checks/index.ts) puts the two together.
 */
import type { AiModelApiKey, AiModelRateLimit } from '../../atlas/types.js'
import { ATLAS_MODEL_HOST } from '../../config/endpoints.js'
import { isLoopbackHost } from '../../http/trust.js'
import type { Finding } from '../../core/finding.js'
import { untrusted } from '../../core/untrusted.js'
import { atlasFailureFinding, serverSaid } from '../../check-support/atlas-failures.js'
import { authOf } from '../../check-support/atlas-context.js'
import { needClient, type CheckContext, type CheckOutcome } from '../../check-support/check.js'
import { shapeOf } from '../../check-support/secret-formats.js'
import { cleaned } from '../../core/pasted.js'
import { PROOF_INPUT, PROOF_MODEL } from '../../voyage/client.js'
import { familyBlocked } from '../secrets.js'
import { FINDINGS, ModelApiKeyData } from '../model-api-key.js'

export async function run(ctx: CheckContext): Promise<CheckOutcome<ModelApiKeyData>> {
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

const VOYAGE_HOST = 'api.voyageai.com'

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
