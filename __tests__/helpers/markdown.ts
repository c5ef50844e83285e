/** What a reader of GitHub-flavoured Markdown sees (marked, gfm): headings, code spans, links, images, text. */
import { Marked } from 'marked'

const marked = new Marked({ gfm: true })

export function rendered(markdown: string) {
  const html = marked.parse(markdown, { async: false })
  const all = (re: RegExp) => [...html.matchAll(re)].map(m => decode(m[1]!.replace(/<[^>]+>/g, '')))
  return {
    html,
    h2: all(/<h2[^>]*>([\s\S]*?)<\/h2>/g),
    h3: all(/<h3[^>]*>([\s\S]*?)<\/h3>/g),
    code: all(/<code>([\s\S]*?)<\/code>/g),
    links: [...html.matchAll(/<a href="([^"]*)"/g)].map(m => m[1]!),
    images: [...html.matchAll(/<img/g)].length,
    text: decode(html.replace(/<[^>]+>/g, ''))
  }
}

function decode(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
}
