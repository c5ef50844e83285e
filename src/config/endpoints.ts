/**
 * Where credentials may go. Credentials are sent only to the official hosts or to loopback; anything else needs
 * `allow-custom-endpoints: true`. Plain HTTP is refused except on loopback. The per-request rule is in http/trust.ts.
 */
import { isLoopbackHost } from '../http/trust.js'

export const ATLAS_HOSTS = ['cloud.mongodb.com', 'cloud.mongodbgov.com'] as const
export const AI_HOSTS = ['api.atlascloud.ai'] as const
/**
 * Embeddings hosts a model API key may be sent to: MongoDB's (keys created in Atlas, `al-…`) and Voyage AI's own
 * (keys created on Voyage's site). Which key works on which host is the model-api-key check's rule.
 */
export const MODEL_HOSTS = ['ai.mongodb.com', 'api.voyageai.com'] as const
/** The one host Atlas model API keys (`al-…`) authenticate on (atlas-round3.md §4). */
export const ATLAS_MODEL_HOST = 'ai.mongodb.com'

export type EndpointProblem =
  | { kind: 'invalid' }
  | { kind: 'insecure' }
  | { kind: 'untrusted'; host: string }
  | { kind: 'has-credentials' }

/** Parse a base URL to a normalized origin+path without trailing slash, or say what is wrong. */
export function checkBaseUrl(
  value: string,
  officialHosts: readonly string[],
  allowCustom: boolean
): { url: string } | EndpointProblem {
  let u: URL
  try {
    u = new URL(value.trim())
  } catch {
    return { kind: 'invalid' }
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return { kind: 'invalid' }
  if (u.username || u.password) return { kind: 'has-credentials' }
  const loopback = isLoopbackHost(u.hostname)
  if (u.protocol === 'http:' && !loopback) return { kind: 'insecure' }
  if (!loopback && !allowCustom && !officialHosts.includes(u.hostname.toLowerCase())) {
    return { kind: 'untrusted', host: u.hostname }
  }
  const path = u.pathname.replace(/\/+$/, '')
  return { url: `${u.origin}${path}` }
}
