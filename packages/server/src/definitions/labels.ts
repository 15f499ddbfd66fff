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

/** `nl-nl`, `nl-be` -> nl; `en-us`, `fr-fr`, `de-de` and anything else -> en; absent -> the fallback. */
export function languageOf(acceptLanguage: string | undefined, fallback: Language): Language {
  if (!acceptLanguage) return fallback;
  const first = acceptLanguage.split(',')[0]!.trim().toLowerCase();
  if (first === '' || first === '*') return fallback;
  return first.startsWith('nl') ? 'nl' : 'en';
}
