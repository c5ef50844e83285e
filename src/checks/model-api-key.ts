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
import { defineFindings } from '../core/finding.js'
import { ATLAS_FAILURES } from '../check-support/atlas-failures.js'
import { startEarly, type CheckDeclaration } from '../check-support/check.js'

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

export const modelApiKeyDeclaration: CheckDeclaration<ModelApiKeyData> = {
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
  }
}
