/**
 * The parts of `@actions/core` this action uses, taken from core's own modules (`command`, `file-command`,
 * `summary`) rather than its index: the index also loads core's OIDC client, and with it `@actions/http-client`
 * and all of undici (about 400 KB to parse at every start, for `getIDToken`, which this action never calls; see
 * actions/toolkit#1697 and #1893). Each function below is the one-line body of core's public function of the same
 * name; `__tests__/adapters/actions-core.test.ts` holds every one byte for byte equal to `@actions/core`'s own, so
 * a core release that moves or changes these modules fails the tests instead of changing what the runner reads.
 * The package's `exports` map names only its index, hence the paths into its folder.
 *
 * The runner's files (outputs, state, the job summary) are written by core modules that load Node's `crypto` (a
 * random heredoc delimiter) and `fs/promises`: about 4 ms of every start on the reference machine. They load when
 * first used, or earlier by `preload`, which the engine calls once the first requests are out (the adapter's
 * `preload`), so they load while the checks wait on the network; `setOutput` and `saveState` are asynchronous for it.
 */
import { EOL } from 'node:os'
import { issueCommand } from '../../node_modules/@actions/core/lib/command.js'
import { toCommandProperties, toCommandValue } from '../../node_modules/@actions/core/lib/utils.js'
import type { AnnotationProperties } from '../../node_modules/@actions/core/lib/core.js'

let fileCommands: Promise<typeof import('../../node_modules/@actions/core/lib/file-command.js')> | undefined
let summaryModule: Promise<typeof import('../../node_modules/@actions/core/lib/summary.js')> | undefined
const files = () => (fileCommands ??= import('../../node_modules/@actions/core/lib/file-command.js'))

/** core's `summary` (the job summary's writer), loaded when first asked for. */
export const jobSummary = async () =>
  (await (summaryModule ??= import('../../node_modules/@actions/core/lib/summary.js'))).summary

/** Start loading the file writers now: they are awaited where they are used, and a failure is reported there. */
export function preload(): void {
  files().catch(() => undefined)
  jobSummary().catch(() => undefined)
}

export function getInput(name: string, options?: { trimWhitespace?: boolean }): string {
  const val = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || ''
  return options?.trimWhitespace === false ? val : val.trim()
}
export const setSecret = (secret: string): void => issueCommand('add-mask', {}, secret)
export const info = (message: string): void => void process.stdout.write(message + EOL)
export const debug = (message: string): void => issueCommand('debug', {}, message)
export const error = (message: string, properties: AnnotationProperties = {}): void =>
  issueCommand('error', toCommandProperties(properties), message)
export const warning = (message: string, properties: AnnotationProperties = {}): void =>
  issueCommand('warning', toCommandProperties(properties), message)
export const notice = (message: string, properties: AnnotationProperties = {}): void =>
  issueCommand('notice', toCommandProperties(properties), message)
export async function setOutput(name: string, value: unknown): Promise<void> {
  const { issueFileCommand, prepareKeyValueMessage } = await files()
  if (process.env['GITHUB_OUTPUT']) return issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value))
  process.stdout.write(EOL)
  issueCommand('set-output', { name }, toCommandValue(value))
}
export async function saveState(name: string, value: unknown): Promise<void> {
  const { issueFileCommand, prepareKeyValueMessage } = await files()
  if (process.env['GITHUB_STATE']) return issueFileCommand('STATE', prepareKeyValueMessage(name, value))
  issueCommand('save-state', { name }, toCommandValue(value))
}
export const getState = (name: string): string => process.env[`STATE_${name}`] || ''
export const isDebug = (): boolean => process.env['RUNNER_DEBUG'] === '1'
