/**
 * The registry: every check by id. Adding a check means its id in src/core/check-ids.ts, its module here, and its
 * table of findings in the module; the compiler refuses a registry that misses an id or holds an extra one, and the
 * input validation, report schema, action.yml and README tables follow from the id list (`npm run docs`). A check
 * whose run lives in its own module is put together here (`withLazyRun`), so that module may read its declaration.
 */
import { CHECK_IDS, type CheckId } from '../core/check-ids.js'

import { withLazyRun, type Check } from '../check-support/check.js'
import { secretsCheck } from './secrets.js'
import { egressIpCheck } from './egress-ip.js'
import { atlasAuthCheck } from './atlas-auth.js'
import { atlasApiAccessListDeclaration } from './atlas-api-access-list.js'
import { atlasReadDeclaration } from './atlas-read.js'
import { atlasPrivilegeDeclaration } from './atlas-privilege.js'
import { atlasNetworkAccessListDeclaration } from './atlas-network-access-list.js'
// The lease lives in its own room (src/lease/); the run's phase replaces this slot when the plan is made.
import { leaseCheck } from '../lease/phase.js'
import { atlasClusterDeclaration } from './atlas-cluster.js'
import { clusterReachabilityDeclaration } from './cluster-reachability.js'
import { atlasDatabaseUserDeclaration } from './atlas-database-user.js'
import { atlasSecretExpiryDeclaration } from './atlas-secret-expiry.js'
import { aiAuthCheck } from './ai-auth.js'
import { aiCreditsDeclaration } from './ai-credits.js'
import { modelApiKeyDeclaration } from './model-api-key.js'

// Checks that wait for another (or apply only on request) keep their run in src/checks/run/<id>.ts: the run loads when
// the check is planned, while the first reads travel (the runner's `preload`), never in a run that leaves it out.
export const aiCreditsCheck = withLazyRun(aiCreditsDeclaration, () => import('./run/ai-credits.js'))
export const atlasApiAccessListCheck = withLazyRun(
  atlasApiAccessListDeclaration,
  () => import('./run/atlas-api-access-list.js')
)
export const atlasClusterCheck = withLazyRun(atlasClusterDeclaration, () => import('./run/atlas-cluster.js'))
export const atlasDatabaseUserCheck = withLazyRun(
  atlasDatabaseUserDeclaration,
  () => import('./run/atlas-database-user.js')
)
export const atlasNetworkAccessListCheck = withLazyRun(
  atlasNetworkAccessListDeclaration,
  () => import('./run/atlas-network-access-list.js')
)
export const atlasPrivilegeCheck = withLazyRun(
  atlasPrivilegeDeclaration,
  () => import('./run/atlas-privilege.js')
)
export const atlasReadCheck = withLazyRun(atlasReadDeclaration, () => import('./run/atlas-read.js'))
export const atlasSecretExpiryCheck = withLazyRun(
  atlasSecretExpiryDeclaration,
  () => import('./run/atlas-secret-expiry.js')
)
export const clusterReachabilityCheck = withLazyRun(
  clusterReachabilityDeclaration,
  () => import('./run/cluster-reachability.js')
)
export const modelApiKeyCheck = withLazyRun(modelApiKeyDeclaration, () => import('./run/model-api-key.js'))

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
