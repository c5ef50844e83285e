/** GitHub Action entry: build the GitHub adapter and run. */
import './runtime/require-shim.js'
import { run } from './main.js'
import { githubAdapter } from './adapters/github.js'
import { lastResort } from './runtime/last-resort.js'

lastResort()
run(githubAdapter()).catch(lastResort.handler)
