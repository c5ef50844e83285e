/** GitHub Action entry: build the GitHub adapter, run, and exit once the report is written. */
import { run } from './main.js'
import { githubAdapter } from './adapters/github.js'
import { exitWhenWritten, lastResort } from './runtime/last-resort.js'

const onError = lastResort('workflow-command')
run(githubAdapter()).then(outcome => exitWhenWritten(outcome.exitCode), onError)
