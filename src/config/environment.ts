/**
 * The environment variables Atlas users already set for the Atlas CLI, Terraform and MongoDB's own action
 * (`MONGODB_ATLAS_CLIENT_ID`, `MONGODB_ATLAS_PUBLIC_API_KEY`, `ATLASCLOUD_API_KEY`, …: each input's `env` list in
 * inputs.ts). An input left empty takes the first of its variables that is set; an input that was given always
 * wins. Which variable each value came from is kept, so the report can say so.
 */
import type { Finding } from '../core/finding.js'
import { INPUT_FINDINGS } from './findings.js'
import type { RawInputs } from './config.js'
import { INPUTS } from './inputs.js'

export interface WithSources {
  inputs: Record<string, string>
  /** Input name → the environment variable its value came from. */
  sources: Record<string, string>
}

export function fillFromEnvironment(
  given: RawInputs,
  env: Readonly<Record<string, string | undefined>>
): WithSources {
  const inputs: Record<string, string> = {}
  const sources: Record<string, string> = {}
  for (const spec of INPUTS) {
    const value = given[spec.name]
    if (value !== undefined && value !== '') {
      inputs[spec.name] = value
      continue
    }
    const variable = spec.env?.find(name => (env[name] ?? '') !== '')
    if (variable) {
      inputs[spec.name] = env[variable]!
      sources[spec.name] = variable
    } else if (value !== undefined) inputs[spec.name] = value
  }
  return { inputs, sources }
}

/** The notice that says which inputs came from which variables (none when every value was given as an input). */
export function sourcesFinding(sources: Record<string, string>): Finding | undefined {
  const pairs = Object.entries(sources)
  if (pairs.length === 0) return undefined
  return INPUT_FINDINGS['from-environment'](
    `Read from the environment: ${pairs.map(([input, variable]) => `\`${input}\` from ${variable}`).join(', ')}.`
  )
}
