/**
 * atlas-auth: authenticate and prove it with one least-privilege read. API key: HTTP Digest, and GET /api/atlas/v2
 * as the identity call (key id, roles and access list in one read, like AWS GetCallerIdentity). Service account:
 * OAuth 2.0 client credentials (one token request per run, cached), then a Bearer call, because a token is minted
 * from any address and proves nothing about the access list. A 403 for the access list still proves the
 * credential itself: that verdict belongs to atlas-api-access-list.
 */
import type { RoleAssignment, AccessEntry } from '../atlas/types.js'
import { classify, type AtlasFailure } from '../atlas/errors.js'
import { atlasAuthMethod } from '../config/config.js'
import { untrusted } from '../core/untrusted.js'
import { atlasFailureFinding, serverSaid } from '../check-support/atlas-failures.js'
import { familyBlocked } from './secrets.js'
import { finding } from '../core/finding.js'
import { type Check, type CheckOutcome, needClient } from '../check-support/check.js'

export interface AtlasAuthData extends Record<string, unknown> {
  method: 'api-key' | 'service-account'
  authenticated: boolean
  /** The proving call was refused by the API access list (the credential itself is fine). */
  blocked?: { errorCode: string; ip?: string; detail?: string }
  orgId?: string
  apiKeyId?: string
  roles?: RoleAssignment[]
  accessList?: AccessEntry[]
  tokenRequests?: number
}

export const atlasAuthCheck: Check<AtlasAuthData> = {
  id: 'atlas-auth',
  title: 'Atlas authentication',
  needs: [],
  after: ['secrets'],
  applies: c => (atlasAuthMethod(c) === 'none' ? 'no Atlas credential given' : true),
  async run(ctx) {
    const atlas = needClient(ctx.services.atlas, 'the Atlas client')
    const method = atlas.method
    if (familyBlocked(ctx.result('secrets')?.findings, method)) {
      return {
        findings: [],
        skipped: `the ${method === 'api-key' ? 'API key' : 'service account'} values have errors (see secrets)`,
        outputs: { 'auth-method': method }
      }
    }
    const outputs = { 'auth-method': method }
    // Committed to sending the credential: the dependent checks' reads go out with the proving call (they wait
    // for the same token or Digest challenge), saving a round trip on the critical path.
    ctx.warmDependents?.()
    const blockedOutcome = (f: AtlasFailure, base: Partial<AtlasAuthData>): CheckOutcome<AtlasAuthData> => ({
      findings: [
        finding(
          'atlas-auth',
          'authenticated-but-blocked',
          'notice',
          'Credential accepted, call blocked by the access list',
          `Atlas accepted the ${method === 'api-key' ? 'API key' : 'service account'} but refused the call from this address (${untrusted(f.errorCode ?? '', 80)}).`,
          'See atlas-api-access-list.'
        )
      ],
      data: {
        method,
        authenticated: true,
        blocked: {
          errorCode: f.errorCode ?? 'IP_ADDRESS_NOT_ON_ACCESS_LIST',
          ...(f.ip ? { ip: f.ip } : {}),
          ...(f.detail ? { detail: untrusted(f.detail) } : {})
        },
        ...base
      },
      outputs
    })

    if (method === 'api-key') {
      const r = await atlas.identity()
      if (!r.ok) {
        if (r.failure.kind === 'ip-not-allowed')
          return blockedOutcome(r.failure, { orgId: ctx.config.atlas.orgId })
        return {
          findings: [
            atlasFailureFinding(
              'atlas-auth',
              'calling GET /api/atlas/v2 (the API key identity call)',
              r.failure
            )
          ],
          data: { method, authenticated: false },
          outputs
        }
      }
      const key = r.data.apiKey
      if (!key || typeof key.id !== 'string' || !Array.isArray(key.roles)) {
        return {
          findings: [
            finding(
              'atlas-auth',
              'unexpected-response',
              'error',
              'Atlas gave an unexpected answer',
              'GET /api/atlas/v2 answered without the API key details (apiKey.id and roles).',
              'Check that `atlas-base-url` points at Atlas (https://cloud.mongodb.com).'
            )
          ],
          data: { method, authenticated: false },
          outputs
        }
      }
      const orgId = ctx.config.atlas.orgId ?? key.roles.find(x => x.orgId)?.orgId
      return {
        findings: [
          finding(
            'atlas-auth',
            'authenticated',
            'notice',
            'Authenticated with an API key',
            `Atlas accepted the API key (id ${untrusted(key.id, 40)}) over HTTP Digest.`,
            'Nothing to do; Atlas recommends service accounts over API keys for new integrations.'
          )
        ],
        data: {
          method,
          authenticated: true,
          apiKeyId: key.id,
          roles: key.roles,
          accessList: Array.isArray(key.accessList) ? key.accessList : [],
          ...(orgId ? { orgId } : {})
        },
        outputs
      }
    }

    // Service account: the token first, then a Bearer call that the access list applies to.
    const tokens = needClient(ctx.services.tokens, 'the token provider')
    const token = await tokens.token()
    if (!token.ok) {
      return {
        findings: [tokenFailure(token.result, ctx.config.atlas.baseUrl)],
        data: { method, authenticated: false, tokenRequests: tokens.requests },
        outputs
      }
    }
    const orgId = ctx.config.atlas.orgId
    const proof = orgId ? await atlas.org(orgId) : await atlas.orgs()
    if (!proof.ok) {
      if (proof.failure.kind === 'ip-not-allowed')
        return blockedOutcome(proof.failure, { ...(orgId ? { orgId } : {}), tokenRequests: tokens.requests })
      if (orgId && (proof.failure.kind === 'not-found' || proof.failure.kind === 'missing-role')) {
        return {
          findings: [
            finding(
              'atlas-auth',
              'org-not-accessible',
              'error',
              "The organization is not this service account's",
              `GET /api/atlas/v2/orgs/${orgId} answered ${serverSaid(proof.failure)}.`,
              "Check `atlas-org-id` (Organization Settings → Organization ID), or remove it: the service account's own organization is found automatically."
            )
          ],
          data: { method, authenticated: true, tokenRequests: tokens.requests },
          outputs
        }
      }
      return {
        findings: [
          atlasFailureFinding('atlas-auth', 'making the first Bearer call with the new token', proof.failure)
        ],
        data: { method, authenticated: false, tokenRequests: tokens.requests },
        outputs
      }
    }
    const foundOrg =
      orgId ??
      (Array.isArray((proof.data as { results?: { id?: string }[] }).results)
        ? (proof.data as { results: { id?: string }[] }).results[0]?.id
        : undefined)
    return {
      findings: [
        finding(
          'atlas-auth',
          'authenticated',
          'notice',
          'Authenticated with a service account',
          'Atlas issued an access token (OAuth 2.0 client credentials) and accepted it on a read call.',
          'Nothing to do.'
        )
      ],
      data: {
        method,
        authenticated: true,
        ...(foundOrg ? { orgId: foundOrg } : {}),
        tokenRequests: tokens.requests
      },
      outputs
    }
  }
}

function tokenFailure(result: Parameters<typeof classify>[0], baseUrl: string) {
  const f = classify(result, 'token') ?? {
    kind: 'unexpected' as const,
    status: result.ok ? result.status : undefined
  }
  if (
    f.kind === 'bad-client-credentials' ||
    f.kind === 'unreachable' ||
    f.kind === 'server-error' ||
    f.kind === 'rate-limited'
  ) {
    return atlasFailureFinding('atlas-auth', 'requesting an access token', f)
  }
  const status = result.ok ? result.status : undefined
  if (status === 400) {
    const err =
      (result.ok ? (result.json as { error?: unknown } | undefined)?.error : undefined) ?? 'invalid_request'
    return finding(
      'atlas-auth',
      'token-request-rejected',
      'error',
      'The token endpoint rejected the request',
      `POST /api/oauth/token answered HTTP 400 (${untrusted(err, 60)}).`,
      'This is a bug in atlas-preflight if the base URL is right: update it, and report the errorCode.'
    )
  }
  const answered = !result.ok
    ? untrusted(result.message)
    : `answered HTTP ${result.status}${result.json === undefined ? ' (not JSON)' : status === 200 ? ' without a usable access token' : ''}`
  return finding(
    'atlas-auth',
    'wrong-token-endpoint',
    'error',
    'No Atlas token endpoint at the base URL',
    `POST ${untrusted(baseUrl)}/api/oauth/token: ${answered}. This is not Atlas's OAuth token endpoint.`,
    'Service accounts get tokens from https://cloud.mongodb.com/api/oauth/token (Atlas for Government: https://cloud.mongodbgov.com): fix `atlas-base-url`. Atlas Cloud AI has no token endpoint at all; its key goes in `ai-api-key`.'
  )
}
