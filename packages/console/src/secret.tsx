// A secret the server hands out once (a token, an OTP apiToken, an OAuth client secret): shown in a box with a copy
// button until the user closes it. Must not store it: once closed (or the screen left) it is gone for good.

import { CopyButton } from './ui.tsx';

export function SecretOnce(props: { title: string; secrets: { label: string; value: string }[]; onClose(): void }) {
  return (
    <section class="secret" aria-labelledby="secret-title">
      <h2 id="secret-title">{props.title}</h2>
      <p>
        <strong>Shown only now.</strong> Copy it to where it will be used; the server keeps only its hash and cannot
        show it again.
      </p>
      {props.secrets.map((secret) => (
        <div key={secret.label}>
          <strong>{secret.label}</strong> <CopyButton text={secret.value} label={`Copy ${secret.label}`} />
          <pre>
            <code>{secret.value}</code>
          </pre>
        </div>
      ))}
      <button type="button" class="secondary" onClick={props.onClose}>
        I have copied it, close
      </button>
    </section>
  );
}
