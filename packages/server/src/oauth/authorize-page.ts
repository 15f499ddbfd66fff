// The HTML of /oauth/authorize: the sign-in and consent page and the error page (a bad client or redirect URI is
// shown, never redirected: RFC 6749 4.1.2.1). Server-rendered, in the request's language, no script, no
// third-party assets; one style block allowed by its hash in the Content-Security-Policy.

import { createHash } from 'node:crypto';
import type { Language } from '@appconnector/protocol';

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1b1f24}
main{max-width:28rem;margin:3rem auto;padding:2rem;background:#fff;border:1px solid #c9ced6;border-radius:8px}
h1{font-size:1.4rem;margin:0 0 1rem}
dl{margin:0 0 1rem}dt{font-weight:600}dd{margin:0 0 .5rem}
label{display:block;font-weight:600;margin-top:1rem}
input{width:100%;box-sizing:border-box;font:inherit;padding:.5rem;border:1px solid #6b7380;border-radius:4px}
.buttons{display:flex;gap:1rem;margin-top:1.5rem}
button{font:inherit;padding:.6rem 1.2rem;border-radius:4px;border:1px solid #1b4f9c;cursor:pointer}
button[value=allow]{background:#1b4f9c;color:#fff}button[value=deny]{background:#fff;color:#1b4f9c}
:focus-visible{outline:3px solid #d97706;outline-offset:2px}
.error{color:#a1150b;font-weight:600}
`;

/** The Content-Security-Policy's source for the one style block. */
export const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

const TEXT = {
  en: {
    title: 'Sign in to allow access',
    intro: (client: string) => `${client} asks to use AFAS Profit on your behalf.`,
    appConnector: 'App Connector',
    environment: 'Environment',
    access: 'It may use',
    returns: 'After your answer you go back to',
    user: 'User',
    password: 'Password',
    allow: 'Sign in and allow',
    deny: 'Deny',
    wrong: 'The user or the password is not right.',
    blocked: (minutes: number) => `Too many wrong passwords for this user: try again in ${minutes} minute(s).`,
    errorTitle: 'This sign-in request cannot be handled',
    errorHelp: 'Go back to the application and start again. If this keeps happening, tell its maker:',
    connectors: (gets: number, updates: number) =>
      `${gets} GetConnector(s) to read and ${updates} UpdateConnector(s) to write`,
  },
  nl: {
    title: 'Inloggen om toegang te geven',
    intro: (client: string) => `${client} vraagt AFAS Profit namens u te gebruiken.`,
    appConnector: 'App Connector',
    environment: 'Omgeving',
    access: 'Het mag gebruiken',
    returns: 'Na uw antwoord gaat u terug naar',
    user: 'Gebruiker',
    password: 'Wachtwoord',
    allow: 'Inloggen en toestaan',
    deny: 'Weigeren',
    wrong: 'De gebruiker of het wachtwoord klopt niet.',
    blocked: (minutes: number) =>
      `Te vaak een verkeerd wachtwoord voor deze gebruiker: probeer het over ${minutes} minuut/minuten opnieuw.`,
    errorTitle: 'Dit inlogverzoek kan niet worden afgehandeld',
    errorHelp: 'Ga terug naar de applicatie en begin opnieuw. Blijft dit gebeuren, meld dan aan de maker:',
    connectors: (gets: number, updates: number) =>
      `${gets} GetConnector(s) om te lezen en ${updates} UpdateConnector(s) om te schrijven`,
  },
} as const;

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

function page(language: Language, title: string, body: string): string {
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export function errorPage(language: Language, detail: string): string {
  const t = TEXT[language];
  return page(
    language,
    t.errorTitle,
    `<h1>${escapeHtml(t.errorTitle)}</h1>
<p>${escapeHtml(t.errorHelp)}</p>
<p class="error" role="alert">${escapeHtml(detail)}</p>`,
  );
}

export interface ConsentView {
  language: Language;
  clientName: string;
  appConnector: string;
  environment: string;
  gets: number;
  updates: number;
  redirectHost: string;
  /** The authorization request, carried in hidden fields to the POST. */
  hidden: Record<string, string>;
  user?: string;
  wrongPassword?: boolean;
  /** Sign-ins of this user are refused for this many minutes (too many wrong passwords). */
  retryMinutes?: number;
}

export function consentPage(view: ConsentView): string {
  const t = TEXT[view.language];
  const hidden = Object.entries(view.hidden)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  const problem =
    view.retryMinutes !== undefined ? t.blocked(view.retryMinutes) : view.wrongPassword ? t.wrong : undefined;
  const error = problem ? `<p class="error" id="signin-error" role="alert">${escapeHtml(problem)}</p>` : '';
  const described = problem ? ' aria-describedby="signin-error" aria-invalid="true"' : '';
  return page(
    view.language,
    t.title,
    `<h1>${escapeHtml(t.title)}</h1>
<p>${escapeHtml(t.intro(view.clientName))}</p>
<dl>
<dt>${escapeHtml(t.appConnector)}</dt><dd>${escapeHtml(view.appConnector)}</dd>
<dt>${escapeHtml(t.environment)}</dt><dd>${escapeHtml(view.environment)}</dd>
<dt>${escapeHtml(t.access)}</dt><dd>${escapeHtml(t.connectors(view.gets, view.updates))}</dd>
<dt>${escapeHtml(t.returns)}</dt><dd>${escapeHtml(view.redirectHost)}</dd>
</dl>
${error}
<form method="post">
${hidden}
<label for="username">${escapeHtml(t.user)}</label>
<input id="username" name="username" autocomplete="username" required value="${escapeHtml(view.user ?? '')}"${described}>
<label for="password">${escapeHtml(t.password)}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${described}>
<div class="buttons">
<button type="submit" name="decision" value="allow">${escapeHtml(t.allow)}</button>
<button type="submit" name="decision" value="deny" formnovalidate>${escapeHtml(t.deny)}</button>
</div>
</form>`,
  );
}
