/** Command-line entry (bundled to dist/cli/index.js, run by bin/atlas-preflight.js). */
import './runtime/require-shim.js'
import { main } from './cli.js'
import { lastResort } from './runtime/last-resort.js'

main().catch(lastResort.handler)
