/**
 * One wording for Atlas failures that any check can meet (network, 5xx, rate limits, version errors, unexpected
 * answers), so every check reports them the same way. Server text is passed through `untrusted`.
 */
import type { AtlasFailure } from '../atlas/errors.js'
import type { CheckId } from '../core/check-ids.js'
import type { Finding } from '../core/finding.js'
import { untrusted } from '../core/untrusted.js'
import { finding } from '../core/finding.js'

export function serverSaid(f: AtlasFailure): string {
  const parts = [
    f.status ? `HTTP ${f.status}` : undefined,
    f.errorCode ? `errorCode ${untrusted(f.errorCode, 80)}` : undefined,
    f.detail ? `"${untrusted(f.detail)}"` : undefined
  ]
  return parts.filter(Boolean).join(', ')
}

export function atlasFailureFinding(check: CheckId, doing: string, f: AtlasFailure): Finding {
  switch (f.kind) {
    case 'unreachable':
      return finding(
        check,
        'atlas-unreachable',
        'error',
        'Atlas could not be reached',
        `While ${doing}: ${f.message}.`,
        'Check that the runner can reach cloud.mongodb.com on port 443 (firewall, DNS, HTTPS_PROXY/NO_PROXY). Atlas for Government users: set `atlas-base-url: https://cloud.mongodbgov.com`.'
      )
    case 'version':
      return finding(
        check,
        'api-version',
        'error',
        'Atlas refused the API version',
        `While ${doing}, Atlas answered ${serverSaid(f)}: the versioned Accept header is no longer served.`,
        'Update atlas-preflight to its latest release; this is not a problem with your credential.'
      )
    case 'rate-limited':
      return finding(
        check,
        'atlas-rate-limited',
        'error',
        'Atlas rate-limited the request',
        `While ${doing}, Atlas answered ${serverSaid(f)}${f.retryAfterS !== undefined ? ` and asked to wait ${f.retryAfterS} s, longer than the time left` : ''}.`,
        "Other jobs share this credential's rate-limit bucket: re-run later, or raise `timeout-seconds` so the preflight can wait out Retry-After."
      )
    case 'server-error':
      return finding(
        check,
        'atlas-unavailable',
        'error',
        'Atlas answered with a server error',
        `While ${doing}, Atlas answered ${serverSaid(f)} after retries.`,
        'Atlas is having trouble: re-run the job, and see https://status.mongodb.com if it persists.'
      )
    case 'bad-api-key':
      return finding(
        check,
        'bad-api-key',
        'error',
        'Atlas rejected the API key pair',
        `While ${doing}, Atlas answered 401 with a new Digest challenge: the public/private key pair was not accepted.`,
        'Check that `atlas-public-key` and `atlas-private-key` belong to the same, still existing API key (Organization Access Manager → API Keys); the private key is shown only at creation, so create a new key if it is lost.'
      )
    case 'bad-client-credentials':
      return finding(
        check,
        'bad-client-credentials',
        'error',
        'Atlas rejected the service account credentials',
        `The token endpoint answered ${serverSaid(f) || 'HTTP 401'}: the client id and secret were not accepted.`,
        'The secret is wrong, deleted or expired: generate a new secret for the service account (Organization Access Manager → Service Accounts → the account → Generate New Secret) and update `atlas-client-secret`.'
      )
    case 'token-rejected':
      return finding(
        check,
        'token-rejected',
        'error',
        'Atlas rejected the access token',
        `While ${doing}, Atlas answered ${serverSaid(f)} to a freshly minted token.`,
        'Re-run the job; if it persists, the service account may have been deleted or disabled: check it in Organization Access Manager → Service Accounts.'
      )
    case 'missing-role':
      return finding(
        check,
        'missing-role',
        'error',
        'The credential lacks a role',
        `While ${doing}, Atlas answered ${serverSaid(f)} (a missing role is 401 in Atlas, not 403).`,
        "Grant the credential the role this call needs (see the README's troubleshooting for each check)."
      )
    case 'not-found':
      return finding(
        check,
        'not-found',
        'error',
        'Atlas did not find the resource',
        `While ${doing}, Atlas answered ${serverSaid(f)}.`,
        'Check `atlas-org-id` and `atlas-project-id` (Organization/Project Settings in the Atlas UI).'
      )
    case 'ip-not-allowed':
      return finding(
        check,
        'ip-not-allowed',
        'error',
        'The API access list blocked the request',
        `While ${doing}, Atlas answered ${serverSaid(f)}.`,
        'See atlas-api-access-list for the entry to add.'
      )
    case 'forbidden':
      return finding(
        check,
        'forbidden',
        'error',
        'Atlas refused the request',
        `While ${doing}, Atlas answered ${serverSaid(f)}.`,
        'The organization or plan does not allow this; check the errorCode in the Atlas API error reference.'
      )
    default:
      return finding(
        check,
        'unexpected-response',
        'error',
        'Atlas gave an unexpected answer',
        `While ${doing}, the answer was ${serverSaid(f) || 'not what Atlas sends'}${f.message ? ` (${f.message})` : ''}.`,
        'Check that `atlas-base-url` points at Atlas (https://cloud.mongodb.com) and that no proxy answers in its place.'
      )
  }
}

/** GitHub-hosted runners leave from a different address every run: say so, and name the real fixes. */
export function hostedRunnerHint(env: Readonly<Record<string, string | undefined>>): string {
  if (env['RUNNER_ENVIRONMENT'] !== 'github-hosted') return ''
  return ' This is a GitHub-hosted runner: its address changes every run, so an entry for it will not help next time. Use larger runners with static IP addresses, a self-hosted runner, or an egress proxy with a fixed address, and list that address instead (never 0.0.0.0/0).'
}
