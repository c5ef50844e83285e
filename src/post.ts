/**
 * GitHub Action post entry (`post: dist/post/index.js`, `post-if: always()`): ends the network lease the main step
 * took, with the state it saved (STATE_lease), as a plan of the lease check run by the same engine (src/lease/phase.ts).
 * Without that state it does nothing. It always exits 0: a lease that could not be ended is a warning naming the
 * entry and when Atlas removes it anyway; its job summary section says what was removed or what is left.
 */
import { githubAdapter } from './adapters/github.js'
import { run } from './main.js'
import { leaseCheck } from './lease/phase.js'
import { parseLeaseState } from './lease/protocol.js'
import { exitWhenWritten, lastResort } from './runtime/last-resort.js'

const onError = lastResort('workflow-command')
const adapter = githubAdapter()
const state = parseLeaseState(adapter.getState?.('lease'))
if (!state) {
  // No lease was taken (or the main step never got that far): nothing to do, nothing to cost.
  adapter.debug('atlas-preflight: no network lease to end')
  exitWhenWritten(0)
} else
  run(adapter, { registry: [leaseCheck({ kind: 'release', state })], post: true }).then(
    () => exitWhenWritten(0),
    onError
  )
