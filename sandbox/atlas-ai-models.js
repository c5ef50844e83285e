// The Admin API's AI model reads (atlas-round3.md §4; spec schemas AiModelApiKeyResponse and
// AiModelRateLimitResponse, version 2025-03-12), required from atlas.js: GET …/groups/{groupId}/aiModelApiKeys[/{id}]
// and …/aiModelApiRateLimits, paginated as every Atlas list. A list never carries the secret: `maskedSecret` is
// `al-****` and the secret's last four characters. Project Read Only suffices (checked by the caller); the writes
// the real API has (create, update, delete a key; set or reset a limit) answer 501 through REAL_WRITES.
// Scenario options, per project under `atlas.projects[]`:
//   aiModelApiKeys   [{ secret: 'al-…', name, status = 'ACTIVE', apiKeyId, endpoint = 'ai.mongodb.com',
//                      masked = true (false: the list shows no maskedSecret) }]
//   aiModelRateLimits [{ modelGroupName, modelNames, requestsPerMinuteLimit, tokensPerMinuteLimit }]
import { sendJson } from './http-util.js'

export const AI_MODELS_VERSION = '2025-03-12'
export const AI_MODEL_WRITES = /** @type {[string, RegExp][]} */ ([
  ['POST', /^\/groups\/[^/]+\/aiModelApiKeys$/],
  ['PATCH', /^\/groups\/[^/]+\/aiModelApiKeys\/[^/]+$/],
  ['DELETE', /^\/groups\/[^/]+\/aiModelApiKeys\/[^/]+$/],
  [
    'PATCH',
    /^\/groups\/[^/]+\/aiModelApiClouds\/[^/]+\/geographies\/[^/]+\/modelGroupNames\/[^/]+\/rateLimits$/
  ]
])

/** The key as the list shows it (never the secret). */
function keyView(k, gid, i) {
  return {
    apiKeyId: k.apiKeyId ?? `6650f0f0f0f0f0f0f0f0f${String(i).padStart(3, '0')}`,
    cloud: 'ANY',
    geography: 'ANY',
    createdAt: '2026-02-03T04:05:06Z',
    createdBy: 'ci-owner@example.test',
    endpoint: k.endpoint ?? 'ai.mongodb.com',
    groupId: gid,
    ...(k.lastUsedAt ? { lastUsedAt: k.lastUsedAt } : {}),
    ...(k.masked === false ? {} : { maskedSecret: `al-****${String(k.secret).slice(-4)}` }),
    name: k.name ?? `key-${i}`,
    status: k.status ?? 'ACTIVE'
  }
}

/** True when the path is one of these reads (the caller then gives the answer's version to its Accept check). */
export function isAiModelRead(rest) {
  return /^\/aiModelApi(Keys|RateLimits)(\/[^/]+)?$/.test(rest)
}

/** @param {any} service the AtlasService (for `page`) */
export function aiModelRead(service, url, res, g, rest, self, ok) {
  const keys = (g.aiModelApiKeys ?? []).map((k, i) => keyView(k, g.id, i))
  const m = /^\/aiModelApiKeys\/([^/]+)$/.exec(rest)
  if (m) {
    const k = keys.find(x => x.apiKeyId === decodeURIComponent(m[1]))
    if (!k)
      return sendJson(res, 404, {
        error: 404,
        errorCode: 'RESOURCE_NOT_FOUND',
        reason: 'Not Found',
        detail: `Cannot find resource ${m[1]}.`,
        parameters: [m[1]]
      })
    return ok(k, AI_MODELS_VERSION)
  }
  if (rest === '/aiModelApiKeys') return ok(service.page(url, keys, self), AI_MODELS_VERSION)
  const limits = (g.aiModelRateLimits ?? []).map(l => ({
    cloud: 'any',
    geography: 'any',
    endpoint: 'ai.mongodb.com',
    modelGroupName: l.modelGroupName,
    modelNames: l.modelNames ?? [],
    requestsPerMinuteLimit: l.requestsPerMinuteLimit,
    tokensPerMinuteLimit: l.tokensPerMinuteLimit
  }))
  return ok(service.page(url, limits, self), AI_MODELS_VERSION)
}
