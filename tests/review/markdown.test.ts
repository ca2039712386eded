import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../lib/review/render-markdown.ts';

describe('comment markdown', () => {
  it('renders ordinary markdown', () => {
    expect(renderMarkdown('**fuse** blocks `12-19`, see [the paper](https://arxiv.org/abs/2503.18908)')).toBe(
      '<p><strong>fuse</strong> blocks <code>12-19</code>, see <a href="https://arxiv.org/abs/2503.18908">the paper</a></p>',
    );
  });

  it('escapes script tags and inline HTML instead of passing them through', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\nhi <img src=x onerror="alert(2)"> <b onclick="x()">b</b>');
    expect(html).not.toMatch(/<script|<img|<b /i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;');
  });

  it('drops javascript:, vbscript: and data: URLs from links and images', () => {
    for (const url of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'vbscript:msgbox(1)', 'data:text/html;base64,PHNjcmlwdD4=']) {
      const html = renderMarkdown(`[click](${url}) ![img](${url}) <${url}>`);
      const urls = [...html.matchAll(/(?:href|src)="([^"]*)"/g)].map((m) => m[1]);
      expect(urls.length).toBeGreaterThan(0);
      expect(urls).toEqual(urls.map(() => ''));
    }
  });

  it('keeps attribute values quoted so a URL cannot break out of href', () => {
    const html = renderMarkdown('[x](https://example.com/"onmouseover="alert(1))');
    expect(html).not.toMatch(/"\s*onmouseover=/);
  });
});
