/**
 * atlas-secret-expiry (service accounts): days until the secret in use expires, from `secrets[].expiresAt`.
 * Warning below `secret-expiry-days` (default 14), error once expired. The secret in use is recognised by its
 * masked tail, else by the latest `lastUsedAt`, else the earliest expiry is reported (conservative). The same read
 * tells the secret slots: a warning when 2 of 2 are used (the next rotation cuts the other to 7 days) and when an
 * expired secret still holds one; the org's `maxServiceAccountSecretValidityInHours` is named when another check
 * read the org settings anyway (never a call of its own).
 */
import type { ServiceAccountSecret } from '../atlas/types.js'
import { atlasAuthMethod } from '../config/config.js'
import { apiListGate, authOf } from '../check-support/atlas-context.js'
import { defineFindings } from '../core/finding.js'
import { startEarly, type Check, needClient } from '../check-support/check.js'
import { ATLAS_FAILURES, atlasFailureFinding } from '../check-support/atlas-failures.js'

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

const DAY = 86_400_000

/** At most 2 secrets per service account (atlas-round2.md §4). */
const SLOTS = 2

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

export const atlasSecretExpiryCheck: Check<SecretExpiryData> = {
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
  gate: apiListGate,
  async run(ctx) {
    const auth = authOf(ctx)!
    const atlas = needClient(ctx.services.atlas, 'the Atlas client')
    const clientId = ctx.config.atlas.clientId!
    const projectId = ctx.config.atlas.projectId
    // Least privilege first: Project Read Only suffices for the project view; the org view needs Organization Read Only.
    const group = projectId ? await atlas.groupServiceAccount(projectId, clientId) : undefined
    const org = !group?.ok && auth.orgId ? await atlas.serviceAccount(auth.orgId, clientId) : undefined
    const sa = group?.ok ? group : org?.ok ? org : undefined
    if (!sa || !Array.isArray(sa.data.secrets)) {
      // Unreadable because of the roles: say so. Any other failure (network, 5xx, odd answers) is an error.
      const other = [group, org]
        .map(r => (r && !r.ok ? r.failure : undefined))
        .find(f => f && f.kind !== 'missing-role' && f.kind !== 'not-found')
      if (other)
        return {
          findings: [
            atlasFailureFinding('atlas-secret-expiry', "reading the service account's secrets", other)
          ]
        }
      return {
        findings: [],
        skipped:
          "the secret's expiry is not readable with this service account's roles (it needs Project Read Only with atlas-project-id, or Organization Read Only)"
      }
    }
    const now = ctx.now().getTime()
    const pick = whichSecret(sa.data.secrets, ctx.config.atlas.clientSecret!, now)
    if (!pick) return { findings: [], skipped: 'the service account lists no secrets', notApplicable: true }
    const expires = Date.parse(pick.secret.expiresAt)
    if (Number.isNaN(expires)) return { findings: [], skipped: 'the secret has no readable expiry date' }
    const daysLeft = Math.floor((expires - now) / DAY)
    // The org's cap on a new secret's life, only if another check read the settings anyway (a bucket of 10).
    const settings = auth.orgId ? await atlas.orgSettingsIfRead(auth.orgId) : undefined
    const maxHours = settings?.ok ? settings.data.maxServiceAccountSecretValidityInHours : undefined
    const data: SecretExpiryData = {
      expiresAt: new Date(expires).toISOString(),
      daysLeft,
      identified: pick.how,
      ...slotData(sa.data.secrets, now),
      ...(maxHours !== undefined ? { maxSecretValidityHours: maxHours } : {})
    }
    const slots = slotFindings(data, maxHours)
    const which =
      pick.how === 'earliest'
        ? 'The earliest-expiring secret of this service account'
        : 'The service account secret in use'
    if (expires <= now) {
      return { findings: [FINDINGS.expired(`${which} expired on ${data.expiresAt}.`), ...slots], data }
    }
    if (daysLeft < ctx.config.secretExpiryDays) {
      return {
        findings: [
          FINDINGS['expiring-soon'](
            `${which} expires on ${data.expiresAt}, within \`secret-expiry-days\` (${ctx.config.secretExpiryDays}).`,
            {
              title: `The service account secret expires in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`,
              data: { daysLeft }
            }
          ),
          ...slots
        ],
        data
      }
    }
    return {
      findings: [
        FINDINGS.valid(
          `${which} expires on ${data.expiresAt} (${daysLeft} days); ${data.slotsUsed} of ${SLOTS} secret slots used.${maxHours !== undefined && slots.length === 0 ? ` ${capText(maxHours)}` : ''}`
        ),
        ...slots
      ],
      data
    }
  }
}

function slotData(
  secrets: ServiceAccountSecret[],
  now: number
): Pick<SecretExpiryData, 'slotsUsed' | 'expiredSlots'> {
  const expired = secrets.filter(x => {
    const t = Date.parse(x.expiresAt)
    return !Number.isNaN(t) && t <= now
  }).length
  return { slotsUsed: secrets.length, expiredSlots: expired }
}

function capText(hours: number): string {
  const days = hours / 24
  return `The organization lets a new secret live at most ${hours} hours${Number.isInteger(days) ? ` (${days} days)` : ''} (maxServiceAccountSecretValidityInHours).`
}

/** Both slots used (the next rotation cuts the other secret to 7 days), and expired secrets that keep a slot. */
function slotFindings(data: SecretExpiryData, maxHours: number | undefined) {
  const out = []
  const cap = maxHours !== undefined ? ` ${capText(maxHours)}` : ''
  if ((data.slotsUsed ?? 0) >= SLOTS)
    out.push(
      FINDINGS['slots-full'](
        `${data.slotsUsed} of ${SLOTS} secret slots are used: the next rotation cannot add a secret without deleting one first, and adding one cuts the life of the other to at most 7 days.${cap}`,
        { data: { slotsUsed: data.slotsUsed } }
      )
    )
  if ((data.expiredSlots ?? 0) > 0)
    out.push(
      FINDINGS['expired-secret-holds-slot'](
        `${data.expiredSlots === 1 ? 'An expired secret still holds' : `${data.expiredSlots} expired secrets still hold`} a slot of this service account (expired secrets are not deleted automatically).${(data.slotsUsed ?? 0) >= SLOTS ? '' : cap}`,
        { data: { expiredSlots: data.expiredSlots } }
      )
    )
  return out
}

export function whichSecret(
  secrets: ServiceAccountSecret[],
  secret: string,
  now: number
): { secret: ServiceAccountSecret; how: NonNullable<SecretExpiryData['identified']> } | undefined {
  const tail = secret.trim().slice(-4)
  const masked = secrets.filter(s => {
    const m = s.maskedSecretValue ?? ''
    const visible = m.replace(/^mdb_sa_sk_/, '').replace(/[.*•]+/g, '')
    return visible.length >= 4 && tail.endsWith(visible.slice(-4))
  })
  if (masked.length === 1) return { secret: masked[0]!, how: 'masked-value' }
  const used = secrets
    .filter(s => s.lastUsedAt && !Number.isNaN(Date.parse(s.lastUsedAt)))
    .sort((a, b) => Date.parse(b.lastUsedAt!) - Date.parse(a.lastUsedAt!))
  if (used[0]) return { secret: used[0], how: 'last-used' }
  const live = secrets.filter(s => Date.parse(s.expiresAt) > now)
  if (live.length === 1) return { secret: live[0]!, how: 'only-one' }
  const earliest = [...(live.length ? live : secrets)].sort(
    (a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt)
  )[0]
  return earliest ? { secret: earliest, how: 'earliest' } : undefined
}
