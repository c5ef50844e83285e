/**
 * The run of `atlas-secret-expiry`, loaded when the check runs: src/checks/atlas-secret-expiry.ts declares the check, and the registry
 * (src/checks/index.ts) puts the two together.
 */
import type { ServiceAccountSecret } from '../../atlas/types.js'
import { authOf } from '../../check-support/atlas-context.js'
import { needClient, type CheckContext, type CheckOutcome } from '../../check-support/check.js'
import { atlasFailureFinding } from '../../check-support/atlas-failures.js'
import { FINDINGS, SecretExpiryData } from '../atlas-secret-expiry.js'

export async function run(ctx: CheckContext): Promise<CheckOutcome<SecretExpiryData>> {
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
        findings: [atlasFailureFinding('atlas-secret-expiry', "reading the service account's secrets", other)]
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

const DAY = 86_400_000

/** At most 2 secrets per service account (atlas-round2.md §4). */
const SLOTS = 2

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

function whichSecret(
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
