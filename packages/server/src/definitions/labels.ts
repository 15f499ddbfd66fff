// Labels and descriptions in the languages clients ask for; Accept-Language maps onto nl or en.
// French and German fall back to English, as Profit does for texts it has no translation of.

import type { Language } from '@appconnector/protocol';
import type { Label } from './schema.ts';

export interface LocalText {
  en: string;
  nl: string;
}

export function localText(label: Label): LocalText {
  return typeof label === 'string' ? { en: label, nl: label } : { en: label.en, nl: label.nl };
}

/**
 * The language of an Accept-Language list (RFC 9110 12.5.4): the tag of the highest q-value wins, the first of
 * equals; `nl-nl`, `nl-be` -> nl, `en-us`, `fr-fr`, `de-de` and any other tag -> en; `*`, only `q=0` or nothing ->
 * the fallback. `en;q=0.1, nl;q=0.9` is Dutch.
 */
export function languageOf(acceptLanguage: string | undefined, fallback: Language): Language {
  if (!acceptLanguage) return fallback;
  let best: { tag: string; q: number } | undefined;
  // A header is at most a few KB (the parser's limit); a client's list has a handful of entries.
  for (const entry of acceptLanguage.split(',')) {
    const [range = '', ...params] = entry.split(';');
    const tag = range.trim().toLowerCase();
    if (tag === '') continue;
    let q = 1;
    for (const param of params) {
      const match = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(param);
      if (match) q = Math.min(1, Number(match[1]));
    }
    if (q > 0 && (best === undefined || q > best.q)) best = { tag, q };
  }
  if (!best || best.tag === '*') return fallback;
  return best.tag.startsWith('nl') ? 'nl' : 'en';
}
