/** Kept in step with package.json by __tests__/docs-sync.test.ts. */
export const VERSION = '0.1.0'
