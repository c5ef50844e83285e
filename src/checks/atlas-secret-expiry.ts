/**
 * atlas-secret-expiry (service accounts): days until the secret in use expires, from `secrets[].expiresAt`.
 * Warning below `secret-expiry-days` (default 14), error once expired. The secret in use is recognised by its
 * masked tail, else by the latest `lastUsedAt`, else the earliest expiry is reported (conservative).
 */
import type { ServiceAccountSecret } from '../atlas/types.js'
import { atlasAuthMethod } from '../config/config.js'
import { authOf, BLOCKED } from '../check-support/atlas-context.js'
import { finding } from '../core/finding.js'
import { startEarly, type Check, needClient } from '../check-support/check.js'
import { atlasFailureFinding } from '../check-support/atlas-failures.js'

const DAY = 86_400_000

export interface SecretExpiryData extends Record<string, unknown> {
  expiresAt?: string
  daysLeft?: number
  identified?: 'masked-value' | 'last-used' | 'only-one' | 'earliest'
}

export const atlasSecretExpiryCheck: Check<SecretExpiryData> = {
  id: 'atlas-secret-expiry',
  title: 'Service account secret expiry',
  needs: ['atlas-auth'],
  applies: c => (atlasAuthMethod(c) === 'service-account' ? true : 'only for service accounts'),
  prefetch({ config, services }) {
    const { projectId, clientId } = config.atlas
    if (projectId && clientId) startEarly(services.atlas?.groupServiceAccount(projectId, clientId))
  },
  async run(ctx) {
    const auth = authOf(ctx)!
    if (auth.blocked) return { findings: [], skipped: BLOCKED }
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
    if (!pick) return { findings: [], skipped: 'the service account lists no secrets' }
    const expires = Date.parse(pick.secret.expiresAt)
    if (Number.isNaN(expires)) return { findings: [], skipped: 'the secret has no readable expiry date' }
    const daysLeft = Math.floor((expires - now) / DAY)
    const data: SecretExpiryData = {
      expiresAt: new Date(expires).toISOString(),
      daysLeft,
      identified: pick.how
    }
    const which =
      pick.how === 'earliest'
        ? 'The earliest-expiring secret of this service account'
        : 'The service account secret in use'
    const rotate =
      'Generate a new secret (Organization Access Manager → Service Accounts → the account → Generate New Secret), store it as `atlas-client-secret`, then revoke the old one.'
    if (expires <= now) {
      return {
        findings: [
          finding(
            'atlas-secret-expiry',
            'expired',
            'error',
            'The service account secret has expired',
            `${which} expired on ${data.expiresAt}.`,
            rotate
          )
        ],
        data
      }
    }
    if (daysLeft < ctx.config.secretExpiryDays) {
      return {
        findings: [
          finding(
            'atlas-secret-expiry',
            'expiring-soon',
            'warning',
            `The service account secret expires in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`,
            `${which} expires on ${data.expiresAt}, within \`secret-expiry-days\` (${ctx.config.secretExpiryDays}).`,
            rotate,
            { daysLeft }
          )
        ],
        data
      }
    }
    return {
      findings: [
        finding(
          'atlas-secret-expiry',
          'valid',
          'notice',
          'Secret valid',
          `${which} expires on ${data.expiresAt} (${daysLeft} days).`,
          'Nothing to do.'
        )
      ],
      data
    }
  }
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
