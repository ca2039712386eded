import { micromark } from 'micromark';

/**
 * Comment markdown as HTML. micromark escapes raw HTML and empties link and image URLs whose
 * protocol is not http(s), mailto, irc(s) or relative, so `<script>` and `javascript:` stay inert.
 */
export function renderMarkdown(markdown: string): string {
  return micromark(markdown, { allowDangerousHtml: false, allowDangerousProtocol: false });
}
