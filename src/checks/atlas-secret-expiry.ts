/**
 * atlas-secret-expiry (service accounts): days until the secret in use expires, from `secrets[].expiresAt`.
 * Warning below `secret-expiry-days` (default 14), error once expired. The secret in use is recognised by its
 * masked tail, else by the latest `lastUsedAt`, else the earliest expiry is reported (conservative). The same read
 * tells the secret slots: a warning when 2 of 2 are used (the next rotation cuts the other to 7 days) and when an
 * expired secret still holds one; the org's `maxServiceAccountSecretValidityInHours` is named when another check
 * read the org settings anyway (never a call of its own).
 */
import { atlasAuthMethod } from '../config/config.js'
import { apiListGate } from '../check-support/atlas-context.js'
import { defineFindings } from '../core/finding.js'
import { startEarly, type CheckDeclaration } from '../check-support/check.js'
import { ATLAS_FAILURES } from '../check-support/atlas-failures.js'

const ROTATE =
  'Generate a new secret (Organization Access Manager → Service Accounts → the account → Generate New Secret), store it as `atlas-client-secret`, then revoke the old one.'

export const FINDINGS = defineFindings(
  'atlas-secret-expiry',
  {
    expired: { severity: 'error', title: 'The service account secret has expired', fix: ROTATE },
    'expiring-soon': {
      severity: 'warning',
      title: 'The service account secret expires within `secret-expiry-days`',
      fix: ROTATE
    },
    valid: { severity: 'notice', title: 'Secret valid', fix: 'Nothing to do.' },
    'slots-full': {
      severity: 'warning',
      title: 'Both secret slots of the service account are used',
      fix: 'A service account holds at most 2 secrets, and creating one cuts the remaining life of the other to at most 7 days: before the next rotation, delete the secret that is not in use (Organization Access Manager → Service Accounts → the account → the secret → Delete; deleting a secret revokes its tokens at once), so a rotation has a free slot and a week of overlap is never forced on you.'
    },
    'expired-secret-holds-slot': {
      severity: 'warning',
      title: 'An expired secret still holds a slot',
      fix: 'Expired secrets are not deleted automatically and keep one of the 2 slots: delete it (Organization Access Manager → Service Accounts → the account → the expired secret → Delete).'
    }
  },
  [ATLAS_FAILURES]
)

export interface SecretExpiryData extends Record<string, unknown> {
  expiresAt?: string
  daysLeft?: number
  identified?: 'masked-value' | 'last-used' | 'only-one' | 'earliest'
  /** Secret slots used (of 2), and how many of them hold an expired secret. */
  slotsUsed?: number
  expiredSlots?: number
  /** The organization's cap on a new secret's life, when the org settings were read anyway. */
  maxSecretValidityHours?: number
}

export const atlasSecretExpiryDeclaration: CheckDeclaration<SecretExpiryData> = {
  id: 'atlas-secret-expiry',
  title: 'Service account secret expiry',
  summary:
    "Service accounts: days until the secret expires; a warning under `secret-expiry-days`. The secret slots: an account holds at most 2 secrets and creating one cuts the other to at most 7 days, so 2 of 2 used is a warning (`slots-full`), and so is an expired secret that still holds a slot (`expired-secret-holds-slot`: expired secrets are not deleted automatically). The org's `maxServiceAccountSecretValidityInHours` is named when the org settings were read anyway (never an extra call).",
  needs: ['atlas-auth'],
  findings: FINDINGS,
  applies: c => (atlasAuthMethod(c) === 'service-account' ? true : 'only for service accounts'),
  prefetch({ config, services }) {
    const { projectId, clientId } = config.atlas
    if (projectId && clientId) startEarly(services.atlas?.groupServiceAccount(projectId, clientId))
  },
  gate: apiListGate
}
