// The same call as curl, SDK and CLI snippets (made by the server, with a placeholder token), and its exact URL.

import type { Snippets } from '../types.ts';
import { CodeBlock } from '../ui.tsx';

export function CallSnippets({ url, snippets }: { url: string; snippets: Snippets }) {
  return (
    <section aria-label="The same call from a client">
      <CodeBlock label="URL" text={url} />
      <div class="columns">
        <CodeBlock label="curl" text={snippets.curl} />
        <CodeBlock label="CLI" text={snippets.cli} />
      </div>
      <CodeBlock label="SDK" text={snippets.sdk} />
    </section>
  );
}
