/**
 * One wording for Atlas failures that any check can meet (network, 5xx, rate limits, version errors, unexpected
 * answers), so every check reports them the same way. Server text is passed through `untrusted`.
 */
import type { AtlasFailure, AtlasFailureKind } from '../atlas/errors.js'
import type { FindingSource } from '../core/check-ids.js'
import { defineSharedFindings, type Finding, type FindingSpec } from '../core/finding.js'
import { untrusted } from '../core/untrusted.js'

export function serverSaid(f: AtlasFailure): string {
  const parts = [
    f.status ? `HTTP ${f.status}` : undefined,
    f.errorCode ? `errorCode ${untrusted(f.errorCode, 80)}` : undefined,
    f.detail ? `"${untrusted(f.detail)}"` : undefined
  ]
  return parts.filter(Boolean).join(', ')
}

interface Wording extends FindingSpec {
  id: string
  seen(doing: string, f: AtlasFailure): string
}

/** Each kind of Atlas failure: its id (raised as `check/id`), severity, title, fix, and how what was seen reads. */
const WORDING = {
  unreachable: {
    id: 'atlas-unreachable',
    severity: 'error',
    title: 'Atlas could not be reached',
    fix: 'Check that the runner can reach cloud.mongodb.com on port 443 (firewall, DNS, HTTPS_PROXY/NO_PROXY). Atlas for Government users: set `atlas-base-url: https://cloud.mongodbgov.com`.',
    seen: (doing, f) => `While ${doing}: ${f.message}.`
  },
  version: {
    id: 'api-version',
    severity: 'error',
    title: 'Atlas refused the API version',
    fix: 'Update atlas-preflight to its latest release; this is not a problem with your credential.',
    seen: (doing, f) =>
      `While ${doing}, Atlas answered ${serverSaid(f)}: the versioned Accept header is no longer served.`
  },
  'rate-limited': {
    id: 'atlas-rate-limited',
    severity: 'error',
    title: 'Atlas rate-limited the request',
    fix: "Other jobs share this credential's rate-limit bucket: re-run later, or raise `timeout-seconds` so the preflight can wait out Retry-After.",
    seen: (doing, f) =>
      `While ${doing}, Atlas answered ${serverSaid(f)}${f.retryAfterS !== undefined ? ` and asked to wait ${f.retryAfterS} s, longer than the time left` : ''}.`
  },
  'server-error': {
    id: 'atlas-unavailable',
    severity: 'error',
    title: 'Atlas answered with a server error',
    fix: 'Atlas is having trouble: re-run the job, and see https://status.mongodb.com if it persists.',
    seen: (doing, f) => `While ${doing}, Atlas answered ${serverSaid(f)} after retries.`
  },
  'bad-api-key': {
    id: 'bad-api-key',
    severity: 'error',
    title: 'Atlas rejected the API key pair',
    fix: 'Check that `atlas-public-key` and `atlas-private-key` belong to the same, still existing API key (Organization Access Manager → API Keys); the private key is shown only at creation, so create a new key if it is lost.',
    seen: doing =>
      `While ${doing}, Atlas answered 401 with a new Digest challenge: the public/private key pair was not accepted.`
  },
  'bad-client-credentials': {
    id: 'bad-client-credentials',
    severity: 'error',
    title: 'Atlas rejected the service account credentials',
    fix: 'The secret is wrong, deleted or expired: generate a new secret for the service account (Organization Access Manager → Service Accounts → the account → Generate New Secret) and update `atlas-client-secret`.',
    seen: (_doing, f) =>
      `The token endpoint answered ${serverSaid(f) || 'HTTP 401'}: the client id and secret were not accepted.`
  },
  'token-rejected': {
    id: 'token-rejected',
    severity: 'error',
    title: 'Atlas rejected the access token',
    fix: 'Re-run the job; if it persists, the service account may have been deleted or disabled: check it in Organization Access Manager → Service Accounts.',
    seen: (doing, f) => `While ${doing}, Atlas answered ${serverSaid(f)} to a freshly minted token.`
  },
  'missing-role': {
    id: 'missing-role',
    severity: 'error',
    title: 'The credential lacks a role',
    fix: "Grant the credential the role this call needs (Atlas answers a missing role with 401 USER_UNAUTHORIZED, not 403): Project Read Only (GROUP_READ_ONLY) on the project covers the project reads; the README's Permissions table gives each check's role.",
    seen: (doing, f) =>
      `While ${doing}, Atlas answered ${serverSaid(f)} (a missing role is 401 in Atlas, not 403).`
  },
  'not-found': {
    id: 'not-found',
    severity: 'error',
    title: 'Atlas did not find the resource',
    fix: 'Check `atlas-org-id` and `atlas-project-id` (Organization/Project Settings in the Atlas UI).',
    seen: (doing, f) => `While ${doing}, Atlas answered ${serverSaid(f)}.`
  },
  'ip-not-allowed': {
    id: 'ip-not-allowed',
    severity: 'error',
    title: 'The API access list blocked the request',
    fix: 'See atlas-api-access-list for the entry to add.',
    seen: (doing, f) => `While ${doing}, Atlas answered ${serverSaid(f)}.`
  },
  forbidden: {
    id: 'forbidden',
    severity: 'error',
    title: 'Atlas refused the request',
    fix: 'The organization or plan does not allow this; check the errorCode in the Atlas API error reference.',
    seen: (doing, f) => `While ${doing}, Atlas answered ${serverSaid(f)}.`
  },
  unexpected: {
    id: 'unexpected-response',
    severity: 'error',
    title: 'Atlas gave an unexpected answer',
    fix: 'Check that `atlas-base-url` points at Atlas (https://cloud.mongodb.com) and that no proxy answers in its place.',
    seen: (doing, f) =>
      `While ${doing}, the answer was ${serverSaid(f) || 'not what Atlas sends'}${f.message ? ` (${f.message})` : ''}.`
  }
} as const satisfies Record<AtlasFailureKind, Wording>

type AtlasFailureId = (typeof WORDING)[AtlasFailureKind]['id']

/**
 * The shared Atlas failure findings, declared once (`*\/atlas-unreachable`, …): every check that calls
 * `atlasFailureFinding` lists them in its own table (`defineFindings(check, {…}, [ATLAS_FAILURES])`).
 */
export const ATLAS_FAILURES = defineSharedFindings(
  Object.fromEntries(
    Object.values(WORDING).map(({ id, severity, title, fix }) => [id, { severity, title, fix }])
  ) as Record<AtlasFailureId, FindingSpec>
)

/** The finding for an Atlas failure met by `check` while `doing` something. */
export function atlasFailureFinding(check: FindingSource, doing: string, f: AtlasFailure): Finding {
  const w: Wording = WORDING[f.kind] ?? WORDING.unexpected
  return ATLAS_FAILURES[w.id as AtlasFailureId](check, w.seen(doing, f))
}

/**
 * A fix for a runner that is not on an access list. GitHub-hosted runners leave from a new address every job, so the
 * advice leads with what lasts (the lease for the project's list; a fixed egress address for the credential's API
 * list, which cannot be changed from a runner it blocks) and then gives the one-off entry for this run.
 */
export function accessListFix(
  env: Readonly<Record<string, string | undefined>>,
  list: 'api' | 'network',
  oneOff: string
): string {
  if (env['RUNNER_ENVIRONMENT'] !== 'github-hosted') return oneOff
  const lasting =
    list === 'network'
      ? 'This is a GitHub-hosted runner: its address changes every job, so a fixed entry helps one run. What lasts: let this step lease the entry for each job (`lease-network-access: true` with `atlas-project-id`; the post step removes it), or leave from a fixed address (larger runners with static IP ranges, a self-hosted runner, an egress proxy) and list that.'
      : "This is a GitHub-hosted runner: its address changes every job, and the credential's API access list cannot be changed from a runner it blocks. What lasts: call Atlas from a fixed egress address (larger runners with static IP ranges, a self-hosted runner, or an HTTPS_PROXY with a fixed address) and list that address once; never 0.0.0.0/0."
  return `${lasting} For this run only: ${oneOff.charAt(0).toLowerCase()}${oneOff.slice(1)}`
}
