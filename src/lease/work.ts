/**
 * The fix phase's work (take, end, audit), in one module the lease check loads when it runs: a run without a lease
 * never compiles it.
 */
export { auditLeases } from './audit.js'
export { endByMarker, endFromState } from './end.js'
export { leaseIo } from './protocol.js'
export { takeLease } from './take.js'
