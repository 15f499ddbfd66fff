// Small building blocks every screen shares: loading data, labelled fields, live result and error regions, a copy
// button and a plain table. Must not call the API itself: screens pass loaders in.

import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useId, useState } from 'preact/hooks';

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  reload(): void;
}

/** Runs `load` when `deps` change (and on reload); the last answer wins. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState((old) => ({ ...old, loading: true }));
    load().then(
      (data) => current && setState({ data, loading: false }),
      (error: Error) => current && setState({ error: error.message, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** The outcome of an action: a polite status for success, an alert for failure; both announced to screen readers. */
export interface Outcome {
  ok?: string;
  error?: string;
}

export function OutcomeNote({ outcome }: { outcome: Outcome }) {
  return (
    <>
      <p role="status" aria-live="polite" class="ok">
        {outcome.ok ?? ''}
      </p>
      {outcome.error ? (
        <p role="alert" class="error">
          {outcome.error}
        </p>
      ) : null}
    </>
  );
}

/** Runs an action, keeping its outcome for OutcomeNote, and says whether it worked. */
export function useAction(): [Outcome, boolean, (run: () => Promise<string | undefined>) => Promise<boolean>] {
  const [outcome, setOutcome] = useState<Outcome>({});
  const [busy, setBusy] = useState(false);
  const act = useCallback(async (run: () => Promise<string | undefined>) => {
    setBusy(true);
    setOutcome({});
    try {
      const ok = await run();
      setOutcome({ ok: ok ?? 'Done.' });
      return true;
    } catch (error) {
      setOutcome({ error: (error as Error).message });
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return [outcome, busy, act];
}

/** An action for `act` whose message does not depend on what the work returned. */
export function saying(work: () => Promise<unknown>, said: string): () => Promise<string> {
  return async () => {
    await work();
    return said;
  };
}

export function LoadNote<T>({ loaded, what }: { loaded: Loaded<T>; what: string }) {
  if (loaded.error)
    return (
      <p role="alert" class="error">
        Could not load {what}: {loaded.error}
      </p>
    );
  return (
    <p class="muted" aria-live="polite" aria-busy={loaded.loading}>
      {loaded.loading ? `Loading ${what}…` : ''}
    </p>
  );
}

/** The input attributes the screens use. */
interface InputProps {
  type?: 'text' | 'password' | 'number' | 'search' | 'datetime-local';
  class?: string;
  name?: string;
  placeholder?: string;
  required?: boolean;
  disabled?: boolean;
  autoFocus?: boolean;
  autoComplete?: string;
  inputMode?: 'numeric' | 'decimal' | 'text';
  min?: number;
  list?: string;
}

/** A text input with its label; `hint` is read out with the field (aria-describedby). */
export function TextField(
  props: InputProps & {
    label: string;
    value: string;
    onValue(value: string): void;
    hint?: ComponentChildren;
    invalid?: string | undefined;
  },
) {
  const { label, value, onValue, hint, invalid, class: className, ...rest } = props;
  const id = useId();
  const described = [hint ? `${id}-hint` : '', invalid ? `${id}-invalid` : ''].filter(Boolean).join(' ');
  // Preact types each input type apart; these few attributes fit every one of them.
  const attributes = rest as Record<string, unknown>;
  // The hint and the problem sit beside the label, not in it, so the field's name is the label alone.
  return (
    <div class={className ? `field ${className}` : 'field'}>
      <label for={id}>{label}</label>
      <input
        id={id}
        value={value}
        onInput={(event) => onValue((event.target as HTMLInputElement).value)}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={described || undefined}
        {...attributes}
      />
      {invalid ? (
        <small id={`${id}-invalid`} class="error">
          {invalid}
        </small>
      ) : null}
      {hint ? <small id={`${id}-hint`}>{hint}</small> : null}
    </div>
  );
}

export function SelectField(props: {
  label: string;
  value: string;
  onValue(value: string): void;
  options: readonly (string | { value: string; label: string })[];
  required?: boolean;
  name?: string;
}) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        value={props.value}
        required={props.required}
        onChange={(event) => props.onValue((event.target as HTMLSelectElement).value)}
      >
        {props.options.map((option) => {
          const { value, label } = typeof option === 'string' ? { value: option, label: option } : option;
          return (
            <option key={value} value={value}>
              {label}
            </option>
          );
        })}
      </select>
    </div>
  );
}

export function CheckField(props: { label: string; checked: boolean; onValue(value: boolean): void; name?: string }) {
  const id = useId();
  return (
    <label for={id}>
      <input
        id={id}
        type="checkbox"
        name={props.name}
        checked={props.checked}
        onChange={(event) => props.onValue((event.target as HTMLInputElement).checked)}
      />
      {props.label}
    </label>
  );
}

/** Copies `text` to the clipboard and says so in a live region. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [said, setSaid] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setSaid('Copied to the clipboard.');
    } catch {
      setSaid('The browser did not allow copying: select the text and copy it.');
    }
  };
  return (
    <span class="copy">
      <button type="button" class="secondary outline small" onClick={copy}>
        {label}
      </button>
      <span role="status" aria-live="polite" class="muted">
        {said}
      </span>
    </span>
  );
}

/** A block of text to copy (a URL, a command), with its copy button. */
export function CodeBlock({ label, text }: { label: string; text: string }) {
  return (
    <figure class="code">
      <figcaption>
        {label} <CopyButton text={text} label={`Copy ${label}`} />
      </figcaption>
      <pre>
        <code>{text}</code>
      </pre>
    </figure>
  );
}

export interface Column<R> {
  title: string;
  cell(row: R): ComponentChildren;
  class?: string;
}

export function Table<R>(props: {
  caption: string;
  columns: Column<R>[];
  rows: readonly R[];
  empty?: string;
  class?: string;
}) {
  if (props.rows.length === 0) return <p class="muted">{props.empty ?? 'Nothing yet.'}</p>;
  return (
    <section class="table-scroll" aria-label={props.caption}>
      <table class={props.class ? `striped ${props.class}` : 'striped'}>
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th key={column.title} scope="col">
                {column.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, index) => (
            <tr key={index}>
              {props.columns.map((column) => (
                <td key={column.title} class={column.class}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A date-time as the reader's locale writes it, or a dash. */
export function when(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString('en-GB');
}
