/**
 * The registry: every check by id. Adding a check means its id in src/core/check-ids.ts, its module here, and its
 * table of findings in the module; the compiler refuses a registry that misses an id or holds an extra one, and the
 * input validation, report schema, action.yml and README tables follow from the id list (`npm run docs`).
 */
import { CHECK_IDS, type CheckId } from '../core/check-ids.js'

import type { Check } from '../check-support/check.js'
import { secretsCheck } from './secrets.js'
import { egressIpCheck } from './egress-ip.js'
import { atlasAuthCheck } from './atlas-auth.js'
import { atlasApiAccessListCheck } from './atlas-api-access-list.js'
import { atlasReadCheck } from './atlas-read.js'
import { atlasPrivilegeCheck } from './atlas-privilege.js'
import { atlasNetworkAccessListCheck } from './atlas-network-access-list.js'
// The lease lives in its own room (src/lease/); the run's phase replaces this slot when the plan is made.
import { leaseCheck } from '../lease/phase.js'
import { atlasClusterCheck } from './atlas-cluster.js'
import { clusterReachabilityCheck } from './cluster-reachability.js'
import { atlasDatabaseUserCheck } from './atlas-database-user.js'
import { atlasSecretExpiryCheck } from './atlas-secret-expiry.js'
import { aiAuthCheck } from './ai-auth.js'
import { aiCreditsCheck } from './ai-credits.js'
import { modelApiKeyCheck } from './model-api-key.js'

const BY_ID = {
  secrets: secretsCheck,
  'egress-ip': egressIpCheck,
  'atlas-auth': atlasAuthCheck,
  'atlas-api-access-list': atlasApiAccessListCheck,
  'atlas-read': atlasReadCheck,
  'atlas-privilege': atlasPrivilegeCheck,
  'atlas-network-access-list': atlasNetworkAccessListCheck,
  'atlas-network-lease': leaseCheck({ kind: 'take' }),
  'atlas-cluster': atlasClusterCheck,
  'cluster-reachability': clusterReachabilityCheck,
  'atlas-database-user': atlasDatabaseUserCheck,
  'atlas-secret-expiry': atlasSecretExpiryCheck,
  'ai-auth': aiAuthCheck,
  'ai-credits': aiCreditsCheck,
  'model-api-key': modelApiKeyCheck
} satisfies Record<CheckId, Check>

/** Every check, in report order. */
export const REGISTRY: readonly Check[] = CHECK_IDS.map(id => BY_ID[id])
