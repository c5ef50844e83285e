/**
 * The end of the run's Atlas session: revoke the service account token when asked (`revoke-token: true`, and the
 * token was not handed to later steps with `export-token`). The engine adds the finding this returns to atlas-auth.
 */
import type { Config } from '../config/config.js'
import { defineFindings, type Finding } from '../core/finding.js'
import type { TokenProvider } from './auth/oauth.js'

/** Reported under atlas-auth (whose table names them too). */
export const SESSION_FINDINGS = defineFindings('atlas-auth', {
  'token-revoked': { severity: 'notice', title: 'Access token revoked', fix: 'Nothing to do.' },
  'revoke-failed': {
    severity: 'warning',
    title: 'The access token could not be revoked',
    fix: 'Nothing is at risk if the token was never printed; to be sure, rotate the service account secret.'
  }
})

export async function endAtlasSession(
  config: Config,
  tokens: TokenProvider | undefined
): Promise<Finding | undefined> {
  if (!config.revokeToken || !tokens?.current() || config.exportToken) return undefined
  const r = await tokens.revoke()
  return r?.ok && r.status === 200
    ? SESSION_FINDINGS['token-revoked']('The service account access token was revoked at the end of the run.')
    : SESSION_FINDINGS['revoke-failed'](
        `Atlas did not confirm the revocation (${r?.ok ? `HTTP ${r.status}` : (r?.message ?? 'no answer')}); the token stays valid until it expires (at most one hour).`
      )
}
