/**
 * atlas-auth: authenticate and prove it with one least-privilege read. API key: HTTP Digest, and GET /api/atlas/v2
 * as the identity call (key id, roles and access list in one read, like AWS GetCallerIdentity). Service account:
 * OAuth 2.0 client credentials (one token request per run, cached), then a Bearer call, because a token is minted
 * from any address and proves nothing about the access list. A 403 for the access list still proves the
 * credential itself: that verdict belongs to atlas-api-access-list.
 */
import type { AtlasAuthData } from '../check-support/check-data.js'
import { classify, type AtlasFailure } from '../atlas/errors.js'
import { atlasAuthMethod } from '../config/config.js'
import { untrusted } from '../core/untrusted.js'
import { ATLAS_FAILURES, atlasFailureFinding, serverSaid } from '../check-support/atlas-failures.js'
import { SESSION_FINDINGS } from '../atlas/session.js'
import { familyBlocked } from './secrets.js'
import { defineFindings, type Finding } from '../core/finding.js'
import {
  type Check,
  type CheckContext,
  type CheckOutcome,
  needClient,
  startEarly
} from '../check-support/check.js'

export const FINDINGS = defineFindings(
  'atlas-auth',
  {
    authenticated: {
      severity: 'notice',
      title: 'Authenticated with a service account',
      fix: 'Nothing to do.'
    },
    'authenticated-but-blocked': {
      severity: 'notice',
      title: 'Credential accepted, call blocked by the access list',
      fix: 'See atlas-api-access-list.'
    },
    'org-not-accessible': {
      severity: 'error',
      title: "The organization is not this service account's",
      fix: "Check `atlas-org-id` (Organization Settings → Organization ID), or remove it: the service account's own organization is found automatically."
    },
    'token-request-rejected': {
      severity: 'error',
      title: 'The token endpoint rejected the request',
      fix: 'This is a bug in atlas-preflight if the base URL is right: update it, and report the errorCode.'
    },
    'token-rate-limited': {
      severity: 'error',
      title: 'Too many token requests for this service account',
      fix: 'Atlas allows 10 token requests a minute per address and service account, and every job that asks for its own token spends one: mint one token per job and reuse it (`export-token: true` gives later steps the `access-token` output), revoke it at the end (`revoke-token: true`), and give each pipeline its own service account. Re-run after a minute.'
    },
    'token-limit-reached': {
      severity: 'error',
      title: 'The service account holds its maximum of live tokens',
      fix: 'A service account holds at most 100 live tokens, and each counts until it expires (1 hour) or is revoked: reuse one token per job (`export-token: true`, then the `access-token` output in later steps) instead of minting one per command, revoke it at the end (`revoke-token: true`), and give each pipeline its own service account. Tokens free up as they expire, at most an hour from now.'
    },
    'wrong-token-endpoint': {
      severity: 'error',
      title: 'No Atlas token endpoint at the base URL',
      fix: 'Service accounts get tokens from https://cloud.mongodb.com/api/oauth/token (Atlas for Government: https://cloud.mongodbgov.com): fix `atlas-base-url`. Atlas Cloud AI has no token endpoint at all; its key goes in `ai-api-key`.'
    }
  },
  [ATLAS_FAILURES, SESSION_FINDINGS]
)

export type { AtlasAuthData } from '../check-support/check-data.js'

export const atlasAuthCheck: Check<AtlasAuthData> = {
  id: 'atlas-auth',
  title: 'Atlas authentication',
  summary:
    'HTTP Digest for API keys (`GET /api/atlas/v2`, the identity call); OAuth 2.0 client credentials for service accounts, with one cached token per run and a Bearer call after it (a token is minted from any address, so it proves nothing alone). The token budget gets its own findings: `token-rate-limited` (Atlas allows 10 token requests a minute per address and service account; 429 `RATE_LIMITED`) and `token-limit-reached` (at most 100 live tokens per service account, each counting until it expires in an hour or is revoked; 403 `access_denied`); the fix for both is one token per job (`export-token`), revoked at the end (`revoke-token`), and one service account per pipeline.',
  needs: [],
  after: ['secrets'],
  findings: FINDINGS,
  applies: c => (atlasAuthMethod(c) === 'none' ? 'no Atlas credential given' : true),
  async run(ctx) {
    const atlas = needClient(ctx.services.atlas, 'the Atlas client')
    const method = atlas.method
    if (familyBlocked(ctx.result('secrets')?.findings, method)) {
      return {
        findings: [],
        skipped: `the ${method === 'api-key' ? 'API key' : 'service account'} values have errors (see secrets)`
      }
    }
    // Committed to sending the credential: the dependent checks' reads go out with the proving call (they wait
    // for the same token or Digest challenge), saving a round trip on the critical path.
    ctx.warmDependents?.()
    const blockedOutcome = (f: AtlasFailure, base: Partial<AtlasAuthData>): CheckOutcome<AtlasAuthData> => ({
      findings: [
        FINDINGS['authenticated-but-blocked'](
          `Atlas accepted the ${method === 'api-key' ? 'API key' : 'service account'} but refused the call from this address (${untrusted(f.errorCode ?? '', 80)}).`
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
      }
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
          data: { method, authenticated: false }
        }
      }
      const key = r.data.apiKey
      if (!key || typeof key.id !== 'string' || !Array.isArray(key.roles)) {
        return {
          findings: [
            ATLAS_FAILURES['unexpected-response'](
              'atlas-auth',
              'GET /api/atlas/v2 answered without the API key details (apiKey.id and roles).'
            )
          ],
          data: { method, authenticated: false }
        }
      }
      const given = ctx.config.atlas.orgId
      const keyOrgs = [
        ...new Set(key.roles.map(x => x.orgId).filter((x): x is string => typeof x === 'string'))
      ]
      const wrongOrg = given ? await apiKeyOrgProblem(atlas, given, keyOrgs) : undefined
      if (wrongOrg)
        return {
          findings: [wrongOrg],
          data: { method, authenticated: true, apiKeyId: key.id, roles: key.roles }
        }
      const orgId = given ?? keyOrgs[0]
      return {
        findings: [
          FINDINGS.authenticated(
            `Atlas accepted the API key (id ${untrusted(key.id, 40)}) over HTTP Digest.`,
            {
              title: 'Authenticated with an API key',
              fix: 'Nothing to do; Atlas recommends service accounts over API keys for new integrations.'
            }
          )
        ],
        data: {
          method,
          authenticated: true,
          apiKeyId: key.id,
          roles: key.roles,
          accessList: Array.isArray(key.accessList) ? key.accessList : [],
          ...(orgId ? { orgId } : {})
        }
      }
    }

    // Service account: the token first, then a Bearer call that the access list applies to. The call is started with
    // the token (it waits for it, and is never sent without one), so its connection opens while the token is minted
    // and it leaves with the dependents' reads.
    const tokens = needClient(ctx.services.tokens, 'the token provider')
    const orgId = ctx.config.atlas.orgId
    const proving = orgId ? atlas.org(orgId) : atlas.orgs()
    startEarly(proving)
    const token = await tokens.token()
    if (!token.ok) {
      return {
        findings: [tokenFailure(token.result, ctx.config.atlas.baseUrl)],
        data: { method, authenticated: false, tokenRequests: tokens.requests }
      }
    }
    const proof = await proving
    if (!proof.ok) {
      if (proof.failure.kind === 'ip-not-allowed')
        return blockedOutcome(proof.failure, { ...(orgId ? { orgId } : {}), tokenRequests: tokens.requests })
      if (orgId && (proof.failure.kind === 'not-found' || proof.failure.kind === 'missing-role')) {
        return {
          findings: [
            FINDINGS['org-not-accessible'](
              `GET /api/atlas/v2/orgs/${orgId} answered ${serverSaid(proof.failure)}.`
            )
          ],
          data: { method, authenticated: true, tokenRequests: tokens.requests }
        }
      }
      return {
        findings: [
          atlasFailureFinding('atlas-auth', 'making the first Bearer call with the new token', proof.failure)
        ],
        data: { method, authenticated: false, tokenRequests: tokens.requests }
      }
    }
    const foundOrg =
      orgId ??
      (Array.isArray((proof.data as { results?: { id?: string }[] }).results)
        ? (proof.data as { results: { id?: string }[] }).results[0]?.id
        : undefined)
    return {
      findings: [
        FINDINGS.authenticated(
          'Atlas issued an access token (OAuth 2.0 client credentials) and accepted it on a read call.'
        )
      ],
      data: {
        method,
        authenticated: true,
        ...(foundOrg ? { orgId: foundOrg } : {}),
        tokenRequests: tokens.requests
      }
    }
  }
}

/**
 * With an API key, `atlas-org-id` (or MONGODB_ATLAS_ORG_ID) must be the key's organization, as a service account's
 * is checked. The identity call's roles name it (`roles[].orgId`, the documented SystemStatus shape): a given id
 * none of them names is the wrong organization. A key whose roles name no organization (not seen, but possible)
 * is asked about the given one directly, as a service account is.
 */
async function apiKeyOrgProblem(
  atlas: NonNullable<CheckContext['services']['atlas']>,
  given: string,
  keyOrgs: string[]
): Promise<Finding | undefined> {
  const title = "The organization is not this API key's"
  if (keyOrgs.length > 0) {
    if (keyOrgs.includes(given)) return undefined
    return FINDINGS['org-not-accessible'](
      `\`atlas-org-id\` is ${given}, but the API key's roles (GET /api/atlas/v2) name only the organization ${keyOrgs.map(o => untrusted(o, 30)).join(', ')}.`,
      {
        title,
        fix: `Set \`atlas-org-id\` to ${untrusted(keyOrgs[0]!, 30)} (Organization Settings → Organization ID; check MONGODB_ATLAS_ORG_ID if the input is empty), or remove it: the key's own organization is found automatically.`
      }
    )
  }
  const proof = await atlas.org(given)
  if (proof.ok || (proof.failure.kind !== 'not-found' && proof.failure.kind !== 'missing-role'))
    return undefined
  return FINDINGS['org-not-accessible'](
    `GET /api/atlas/v2/orgs/${given} answered ${serverSaid(proof.failure)}.`,
    {
      title,
      fix: "Check `atlas-org-id` (Organization Settings → Organization ID; MONGODB_ATLAS_ORG_ID if the input is empty), or remove it: the key's own organization is found automatically."
    }
  )
}

function tokenFailure(result: Parameters<typeof classify>[0], baseUrl: string) {
  const f = classify(result, 'token') ?? {
    kind: 'unexpected' as const,
    status: result.ok ? result.status : undefined
  }
  // The token budget (atlas-round2.md §4): its own findings, which name the limit and the fix. Every 429 of the
  // token endpoint is its per-minute limit; a 403 there is the live-token limit (OAuth `access_denied`), never a
  // wrong endpoint.
  const oauth = result.ok ? (result.json as { error?: unknown } | undefined)?.error : undefined
  if (result.ok && result.status === 429)
    return FINDINGS['token-rate-limited'](
      `POST /api/oauth/token answered ${serverSaid(f)}${f.retryAfterS !== undefined ? ` and asked to wait ${f.retryAfterS} s, longer than the time left` : ''}: the service account made 10 token requests from this address within the last minute (other jobs or steps included).`
    )
  if (
    result.ok &&
    result.status === 403 &&
    (oauth === 'access_denied' || /token limit/i.test(`${f.detail ?? ''} ${result.body ?? ''}`))
  )
    return FINDINGS['token-limit-reached'](
      `POST /api/oauth/token answered ${serverSaid(f)}: the service account already holds 100 live tokens, minted in the last hour and not revoked.`
    )
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
    return FINDINGS['token-request-rejected'](
      `POST /api/oauth/token answered HTTP 400 (${untrusted(err, 60)}).`
    )
  }
  const answered = !result.ok
    ? untrusted(result.message)
    : `answered HTTP ${result.status}${result.json === undefined ? ' (not JSON)' : status === 200 ? ' without a usable access token' : ''}`
  return FINDINGS['wrong-token-endpoint'](
    `POST ${untrusted(baseUrl)}/api/oauth/token: ${answered}. This is not Atlas's OAuth token endpoint.`
  )
}
