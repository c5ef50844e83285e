/** Command-line entry (bundled to dist/cli/index.js, run by bin/atlas-preflight.js). */
import { main } from './cli.js'
import { exitWhenWritten, lastResort } from './runtime/last-resort.js'

const onError = lastResort('plain')
main().then(() => exitWhenWritten(typeof process.exitCode === 'number' ? process.exitCode : 0), onError)
