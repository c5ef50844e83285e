/** Every check, in report order. Adding a check means adding its module here; the runner and reporters follow. */
import type { Check } from './types.js'
import { secretsCheck } from './secrets.js'

export const REGISTRY: readonly Check[] = [secretsCheck] as unknown as readonly Check[]
