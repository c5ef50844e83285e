/** What the Atlas checks read from atlas-auth and egress-ip, in one place. */
import type { CheckContext } from './check.js'
import type { AtlasAuthData } from './check-data.js'

export function authOf(ctx: CheckContext): AtlasAuthData | undefined {
  return ctx.result('atlas-auth')?.data
}

/** The address to match: what Atlas reported (403 parameters, then ipinfo), else what the echo services saw. */
export function runnerAddress(ctx: CheckContext): {
  ip?: string
  ipv6?: string
  echoed?: string
  fromAtlas: boolean
} {
  const auth = authOf(ctx)
  const egress = ctx.result('egress-ip')?.data
  const atlasIp = auth?.blocked?.ip ?? egress?.atlasView
  const echoed = egress?.ipv4 ?? egress?.ipv6
  return {
    ip: atlasIp ?? echoed,
    ...(egress?.ipv6 ? { ipv6: egress.ipv6 } : {}),
    ...(echoed ? { echoed } : {}),
    fromAtlas: atlasIp !== undefined
  }
}

export const BLOCKED = 'the API access list blocked this runner (see atlas-api-access-list)'

/** The gate of every check that calls Atlas after atlas-auth: the credential's API access list blocked this runner. */
export function apiListGate(ctx: CheckContext): string | undefined {
  return authOf(ctx)?.blocked ? BLOCKED : undefined
}

export function credentialName(ctx: CheckContext): string {
  const auth = authOf(ctx)
  return auth?.method === 'api-key'
    ? `API key ${auth.apiKeyId ?? `(public key given as atlas-public-key)`}`
    : `service account (atlas-client-id)`
}
