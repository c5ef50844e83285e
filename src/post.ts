/**
 * GitHub Action post entry (`post: dist/post/index.js`, `post-if: always()`): ends the network lease the main step
 * took, with the state it saved (STATE_lease). Without that state it does nothing. It always exits 0: a lease that
 * could not be ended is a warning naming the entry and when Atlas removes it anyway.
 */
import './runtime/require-shim.js'
import { githubAdapter } from './adapters/github.js'
import { endLease } from './lease-end.js'
import { exitWhenWritten, lastResort } from './runtime/last-resort.js'

const onError = lastResort('workflow-command')
const adapter = githubAdapter()
endLease(adapter, { kind: 'state', state: adapter.getState?.('lease') }).then(
  () => exitWhenWritten(0),
  onError
)
