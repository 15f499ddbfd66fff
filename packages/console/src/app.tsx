// The console's frame: session check, sign-in, the header (environment, sign-out), the side navigation and the
// screen of the current route. Must not hold a screen's own state: each screen loads what it shows.

import type { ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { del, get, setCsrfToken, whenSignedOut } from './api.ts';
import { href, navigate, useRoute } from './router.ts';
import { AppConnectorsScreen } from './screens/app-connectors.tsx';
import { ComposerScreen } from './screens/composer.tsx';
import { CustomFieldsScreen } from './screens/custom-fields.tsx';
import { EnvironmentsScreen } from './screens/environments.tsx';
import { ErrorLookupScreen } from './screens/error-lookup.tsx';
import { MetainfoScreen } from './screens/metainfo.tsx';
import { OtpScreen } from './screens/otp.tsx';
import { RequestLogScreen } from './screens/request-log.tsx';
import { RunnerScreen } from './screens/runner.tsx';
import { SignIn } from './screens/sign-in.tsx';
import { TokensScreen } from './screens/tokens.tsx';
import type { Environment, Overview, SessionInfo } from './types.ts';
import { useLoad } from './ui.tsx';

/** What every screen gets: the chosen environment, all of them, and the server's overview. */
export interface ScreenProps {
  env: string;
  environments: Environment[];
  overview: Overview | undefined;
  params: URLSearchParams;
  reloadEnvironments(): void;
}

interface Page {
  name: string;
  title: string;
  screen: ComponentType<ScreenProps>;
}

const SECTIONS: { title: string; pages: Page[] }[] = [
  {
    title: 'Administer',
    pages: [
      { name: 'environments', title: 'Environments', screen: EnvironmentsScreen },
      { name: 'app-connectors', title: 'App Connectors', screen: AppConnectorsScreen },
      { name: 'tokens', title: 'Tokens', screen: TokensScreen },
      { name: 'otp', title: 'OTP', screen: OtpScreen },
      { name: 'custom-fields', title: 'Custom fields', screen: CustomFieldsScreen },
    ],
  },
  {
    title: 'Explore',
    pages: [
      { name: 'metainfo', title: 'Metainfo', screen: MetainfoScreen },
      { name: 'runner', title: 'GetConnector runner', screen: RunnerScreen },
      { name: 'composer', title: 'UpdateConnector composer', screen: ComposerScreen },
    ],
  },
  {
    title: 'Debug',
    pages: [
      { name: 'requests', title: 'Request log', screen: RequestLogScreen },
      { name: 'errors', title: 'Error lookup', screen: ErrorLookupScreen },
    ],
  },
];
const PAGES = SECTIONS.flatMap((section) => section.pages);

export function App() {
  const [state, setState] = useState<'checking' | 'signedOut' | 'signedIn'>('checking');
  useEffect(() => {
    whenSignedOut(() => setState('signedOut'));
    get<SessionInfo>('session').then(
      (session) => {
        setCsrfToken(session.csrfToken);
        setState('signedIn');
      },
      () => setState('signedOut'),
    );
  }, []);
  if (state === 'checking') return <p aria-busy="true">Loading the console…</p>;
  if (state === 'signedOut')
    return (
      <SignIn
        onSignedIn={(csrf) => {
          setCsrfToken(csrf);
          setState('signedIn');
        }}
      />
    );
  return (
    <Shell
      onSignedOut={() => {
        setCsrfToken(undefined);
        setState('signedOut');
      }}
    />
  );
}

const ENV_KEY = 'appconnector.console.environment';

function Shell({ onSignedOut }: { onSignedOut(): void }) {
  const route = useRoute();
  const environments = useLoad(() => get<{ environments: Environment[] }>('environments'), []);
  const overview = useLoad(() => get<Overview>('overview'), []);
  const list = environments.data?.environments ?? [];
  const [chosen, setChosen] = useState(() => localStorage.getItem(ENV_KEY) ?? '');
  const env =
    list.find((e) => e.name === chosen)?.name ?? list.find((e) => e.isDefault)?.name ?? list[0]?.name ?? chosen;
  const page = PAGES.find((p) => p.name === route.name);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (!page) navigate(href('environments'), true);
  }, [page]);
  // A new screen: its title in the tab, and the focus on its heading so a screen reader starts there.
  useEffect(() => {
    if (!page) return;
    document.title = `${page.title} · appconnector console`;
    heading.current?.focus();
  }, [page?.name]);

  const signOut = async () => {
    try {
      await del('session');
    } finally {
      onSignedOut();
    }
  };
  const Screen = page?.screen;
  return (
    <div class="shell">
      <header>
        <a href="#main" class="skip visually-hidden">
          Skip to the screen
        </a>
        <span class="brand">appconnector console</span>
        <label>
          Environment
          <select
            value={env}
            onChange={(event) => {
              const value = (event.target as HTMLSelectElement).value;
              localStorage.setItem(ENV_KEY, value);
              setChosen(value);
            }}
          >
            {list.map((e) => (
              <option key={e.name} value={e.name}>
                {e.name}
                {e.maintenance ? ' (maintenance)' : ''}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="secondary outline" onClick={signOut}>
          Sign out
        </button>
      </header>
      <nav aria-label="Console">
        {SECTIONS.map((section) => (
          <div key={section.title}>
            <h2>{section.title}</h2>
            <ul>
              {section.pages.map((p) => (
                <li key={p.name}>
                  <a href={href(p.name)} aria-current={p.name === page?.name ? 'page' : undefined}>
                    {p.title}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <main id="main">
        {page ? (
          <h1 ref={heading} tabIndex={-1}>
            {page.title}
          </h1>
        ) : null}
        {environments.error ? (
          <p role="alert" class="error">
            Could not load the environments: {environments.error}
          </p>
        ) : null}
        {Screen && env ? (
          <Screen
            key={page.name}
            env={env}
            environments={list}
            overview={overview.data}
            params={route.params}
            reloadEnvironments={environments.reload}
          />
        ) : null}
      </main>
    </div>
  );
}
