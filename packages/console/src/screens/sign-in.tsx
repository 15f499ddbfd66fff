// Sign-in with the console password that `npm start` (serve) prints. Must not keep the password anywhere but in
// the field: the server answers a session cookie (httpOnly) and the CSRF token.

import { useState } from 'preact/hooks';
import { post } from '../api.ts';
import { TextField } from '../ui.tsx';

export function SignIn({ onSignedIn }: { onSignedIn(csrfToken: string): void }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      const session = await post<{ csrfToken: string }>('session', { password });
      onSignedIn(session.csrfToken);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="signin">
      <article>
        <h1>appconnector console</h1>
        <form onSubmit={submit}>
          <TextField
            label="Console password"
            type="password"
            autoComplete="current-password"
            required
            autoFocus
            value={password}
            onValue={setPassword}
            hint="Printed by npm start (appconnector serve) at every start, or set with appconnector console password."
          />
          <button type="submit" aria-busy={busy} disabled={busy}>
            Sign in
          </button>
          <p role="alert" class="error">
            {error}
          </p>
        </form>
      </article>
    </main>
  );
}
