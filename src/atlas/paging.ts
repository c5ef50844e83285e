/**
 * Reading a whole Atlas list (reference: atlas-round3.md §1). Atlas answers a list one page at a time with
 * `totalCount` (when counted) and a `links` entry `rel: next` while more pages exist. A page shorter than the size
 * asked is NOT the end: a server may page below it. The list is read until `totalCount` is reached, or, without a
 * count, until no `next` link is given; an empty page ends it in any case. The number of pages is bounded: a list
 * that does not end within the bound is a failure, never a partial list taken as whole.
 */
import type { Paginated } from './types.js'

/** Items per page asked for (Atlas's maximum). */
export const PAGE_SIZE = 500
/** Pages read at most: a server paging far below PAGE_SIZE still ends, a list that never ends is refused. */
export const MAX_PAGES = 50

export type PageRead<T> = { ok: true; page: Paginated<T> } | { ok: false; failure: unknown }

export type AllPages<T> =
  | { ok: true; items: T[]; pages: number }
  | { ok: false; failure: unknown }
  | { ok: false; unbounded: true; pages: number; items: number }

/** Every page of one list, through `readPage(pageNum)` (1-based). */
export async function readAllPages<T>(
  readPage: (pageNum: number) => Promise<PageRead<T>>,
  maxPages = MAX_PAGES
): Promise<AllPages<T>> {
  const items: T[] = []
  for (let pageNum = 1; pageNum <= maxPages; pageNum++) {
    const r = await readPage(pageNum)
    if (!r.ok) return { ok: false, failure: r.failure }
    const { results, totalCount, links } = r.page
    items.push(...results)
    if (results.length === 0) return { ok: true, items, pages: pageNum }
    const more =
      totalCount !== undefined ? items.length < totalCount : (links ?? []).some(l => l.rel === 'next')
    if (!more) return { ok: true, items, pages: pageNum }
  }
  return { ok: false, unbounded: true, pages: maxPages, items: items.length }
}

/** A path with the page parameters (`itemsPerPage`, `pageNum`, `includeCount=true`). */
export function pagePath(path: string, pageNum: number, size = PAGE_SIZE): string {
  const sep = path.includes('?') ? '&' : '?'
  return `${path}${sep}itemsPerPage=${size}&pageNum=${pageNum}&includeCount=true`
}
