/**
 * After every check: revoke the service account token when asked (`revoke-token: true`), reporting a failed
 * revocation as a warning on atlas-auth.
 */
import type { Config } from '../config/config.js'
import type { Services } from '../services.js'
import type { CheckResult } from './types.js'
import { finding } from './types.js'
import { checkStatus } from '../finding.js'

export async function finalizeAtlas(
  results: CheckResult[],
  config: Config,
  services: Services
): Promise<CheckResult[]> {
  if (!config.revokeToken || !services.tokens?.current() || config.exportToken) return results
  const r = await services.tokens.revoke()
  const ok = r?.ok && r.status === 200
  return results.map(res => {
    if (res.id !== 'atlas-auth') return res
    const f = ok
      ? finding(
          'atlas-auth',
          'token-revoked',
          'notice',
          'Access token revoked',
          'The service account access token was revoked at the end of the run.',
          'Nothing to do.'
        )
      : finding(
          'atlas-auth',
          'revoke-failed',
          'warning',
          'The access token could not be revoked',
          `Atlas did not confirm the revocation (${r?.ok ? `HTTP ${r.status}` : (r?.message ?? 'no answer')}); the token stays valid until it expires (at most one hour).`,
          'Nothing is at risk if the token was never printed; to be sure, rotate the service account secret.'
        )
    const findings = [...res.findings, f]
    return { ...res, findings, status: res.status === 'skipped' ? res.status : checkStatus(findings) }
  })
}
