// Client-side routes under /console/ (the server answers index.html for every such path, so each screen has a URL
// to bookmark or share). Must not know the screens: app.tsx maps route names to them.

import { useEffect, useState } from 'preact/hooks';

export const ROOT = '/console/';

export interface Route {
  name: string;
  params: URLSearchParams;
}

function current(): Route {
  const name = location.pathname.startsWith(ROOT) ? location.pathname.slice(ROOT.length).replace(/\/$/, '') : '';
  return { name, params: new URLSearchParams(location.search) };
}

export function href(name: string, params?: Record<string, string>): string {
  const query = params ? new URLSearchParams(params).toString() : '';
  return `${ROOT}${name}${query ? `?${query}` : ''}`;
}

const listeners = new Set<() => void>();

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  for (const listener of listeners) listener();
}

/** Same-page links (a plain click on an `<a href="/console/...">`) change the route without loading the page. */
function follow(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
    return;
  const link = (event.target as Element | null)?.closest?.('a');
  if (!link || link.target || link.hasAttribute('download')) return;
  const url = new URL(link.href, location.href);
  // A jump within the page (the skip link) stays the browser's.
  if (url.hash && url.pathname === location.pathname) return;
  if (url.origin !== location.origin || !url.pathname.startsWith(ROOT) || url.pathname.startsWith(`${ROOT}api/`))
    return;
  event.preventDefault();
  navigate(url.pathname + url.search);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const changed = () => setRoute(current());
    listeners.add(changed);
    addEventListener('popstate', changed);
    document.addEventListener('click', follow);
    return () => {
      listeners.delete(changed);
      removeEventListener('popstate', changed);
      document.removeEventListener('click', follow);
    };
  }, []);
  return route;
}
