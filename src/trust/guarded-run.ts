/**
 * The start of every entry that reads inputs (the run, and the lease's post step and CLI commands): mask and register
 * every secret before anything can print, and hand back the guarded adapter every writer then goes through.
 * Identifiers (public key, client ids, the whole connection string) are redacted whole; secrets, and the password
 * inside a connection string, in any piece; the action's own words never.
 */
import type { Adapter } from '../platform/adapter.js'
import type { RawInputs } from '../config/config.js'
import { IDENTIFIER_INPUTS, SECRET_INPUTS } from '../config/inputs.js'
import { OUTPUTS } from '../config/outputs.js'
import { CHECK_IDS } from '../core/check-ids.js'
import { connectionStringSecrets } from '../net/connection-string.js'
import { guardAdapter } from './guard.js'
import { Redactor } from './redact.js'

/** Words the action's ids and outputs are made of: never redacted, even if a placeholder secret equals one. */
const OWN_WORDS: ReadonlySet<string> = new Set(
  [...CHECK_IDS, ...Object.keys(OUTPUTS)].flatMap(id => id.split(/[-/]/))
)

export function guardedRun(platform: Adapter, raw: RawInputs): { adapter: Adapter; redactor: Redactor } {
  const redactor = runRedactor(raw, s => platform.mask(s))
  return { adapter: guardAdapter(platform, redactor), redactor }
}

/**
 * The redactor of a run's inputs: every secret input whole, trimmed and line by line (identifiers whole only), and
 * the password in the connection string; each also handed to `mask` (the platform's masking). For an entry with no
 * adapter to guard (`fleet plan`) too.
 */
export function runRedactor(raw: RawInputs, mask: (secret: string) => void = () => undefined): Redactor {
  const redactor = new Redactor([], OWN_WORDS)
  for (const name of SECRET_INPUTS) {
    const v = raw[name]
    if (!v) continue
    for (const part of new Set([v, v.trim(), ...v.split(/\r?\n/)])) {
      if (part.trim().length >= 4) {
        mask(part)
        redactor.add(part, { fragments: !IDENTIFIER_INPUTS.includes(name) })
      }
    }
  }
  for (const secret of connectionStringSecrets(raw['mongodb-uri'])) {
    mask(secret)
    redactor.add(secret)
  }
  return redactor
}
