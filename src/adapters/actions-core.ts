/**
 * The parts of `@actions/core` this action uses, taken from core's own modules (`command`, `file-command`,
 * `summary`) rather than its index: the index also loads core's OIDC client, and with it `@actions/http-client`
 * and all of undici (about 400 KB to parse at every start, for `getIDToken`, which this action never calls; see
 * actions/toolkit#1697 and #1893). Each function below is the one-line body of core's public function of the same
 * name; `__tests__/adapters/actions-core.test.ts` holds every one byte for byte equal to `@actions/core`'s own, so
 * a core release that moves or changes these modules fails the tests instead of changing what the runner reads.
 * The package's `exports` map names only its index, hence the paths into its folder.
 */
import { EOL } from 'node:os'
import { issueCommand } from '../../node_modules/@actions/core/lib/command.js'
import {
  issueFileCommand,
  prepareKeyValueMessage
} from '../../node_modules/@actions/core/lib/file-command.js'
import { toCommandProperties, toCommandValue } from '../../node_modules/@actions/core/lib/utils.js'
import type { AnnotationProperties } from '../../node_modules/@actions/core/lib/core.js'
export { summary } from '../../node_modules/@actions/core/lib/summary.js'

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
export function setOutput(name: string, value: unknown): void {
  if (process.env['GITHUB_OUTPUT']) return issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value))
  process.stdout.write(EOL)
  issueCommand('set-output', { name }, toCommandValue(value))
}
export function saveState(name: string, value: unknown): void {
  if (process.env['GITHUB_STATE']) return issueFileCommand('STATE', prepareKeyValueMessage(name, value))
  issueCommand('save-state', { name }, toCommandValue(value))
}
export const getState = (name: string): string => process.env[`STATE_${name}`] || ''
