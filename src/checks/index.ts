/** Every check, in report order. Adding a check means adding its module here; the runner and reporters follow. */
import type { Check } from './types.js'
import { secretsCheck } from './secrets.js'
import { egressIpCheck } from './egress-ip.js'
import { atlasAuthCheck } from './atlas-auth.js'
import { atlasApiAccessListCheck } from './atlas-api-access-list.js'
import { atlasReadCheck } from './atlas-read.js'
import { atlasPrivilegeCheck } from './atlas-privilege.js'
import { atlasNetworkAccessListCheck } from './atlas-network-access-list.js'
import { atlasSecretExpiryCheck } from './atlas-secret-expiry.js'
import { aiAuthCheck } from './ai-auth.js'
import { aiCreditsCheck } from './ai-credits.js'

export const REGISTRY = [
  secretsCheck,
  egressIpCheck,
  atlasAuthCheck,
  atlasApiAccessListCheck,
  atlasReadCheck,
  atlasPrivilegeCheck,
  atlasNetworkAccessListCheck,
  atlasSecretExpiryCheck,
  aiAuthCheck,
  aiCreditsCheck
] as unknown as readonly Check[]
