// The UpdateConnector composer: a form built from metainfo that the SDK validates as you type (and the server's
// parse and plan stages a moment later), sent through the real write pipeline; shows the answer, what it stored,
// the error with its profitLogReference (a link to the error lookup) and the same call as snippets.

import type { UpdateField, UpdateMetainfo, UpdateObjectMetainfo } from '@appconnector/protocol';
import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import { post, seg } from '../api.ts';
import type { ScreenProps } from '../app.tsx';
import { composeBody, emptyRecord, type Problem, problemsOf, type RecordForm } from '../compose.ts';
import { href } from '../router.ts';
import type { SendAnswer, ValidateAnswer } from '../types.ts';
import { LoadNote, OutcomeNote, useAction } from '../ui.tsx';
import { useUpdateMetainfo } from './connector-data.ts';
import { ConnectorPicker } from './connector-picker.tsx';
import { CallSnippets } from './snippets.tsx';

export function ComposerScreen({ env, params }: ScreenProps) {
  return (
    <ConnectorPicker env={env} params={params} kind="UpdateConnector">
      {(connector) => <Composer key={`${env}/${connector}`} env={env} connector={connector} />}
    </ConnectorPicker>
  );
}

function Composer({ env, connector }: { env: string; connector: string }) {
  const meta = useUpdateMetainfo(env, connector);
  return (
    <>
      <LoadNote loaded={meta} what="the metainfo" />
      {meta.data ? <ComposerForm env={env} connector={connector} meta={meta.data} /> : null}
    </>
  );
}

function ComposerForm({ env, connector, meta }: { env: string; connector: string; meta: UpdateMetainfo }) {
  const [verb, setVerb] = useState<'post' | 'put'>('post');
  const [form, setForm] = useState<RecordForm>(emptyRecord);
  const [touched, setTouched] = useState(false);
  const [serverCheck, setServerCheck] = useState<ValidateAnswer>();
  const [answer, setAnswer] = useState<SendAnswer>();
  const [outcome, busy, act] = useAction();
  const body = useMemo(() => composeBody(meta, form), [meta, form]);
  const problems = useMemo(() => problemsOf(meta, body, verb), [meta, body, verb]);
  const path = `environments/${seg(env)}/update/${seg(connector)}`;

  // The server's own check (parse and plan, nothing stored), a moment after the last keystroke.
  useEffect(() => {
    if (!touched) return;
    let current = true;
    const timer = setTimeout(() => {
      post<ValidateAnswer>(`${path}/validate`, { verb, body }).then(
        (check) => current && setServerCheck(check),
        () => current && setServerCheck(undefined),
      );
    }, 400);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [path, verb, body, touched]);

  const send = (event: Event) => {
    event.preventDefault();
    setTouched(true);
    act(async () => {
      const result = await post<SendAnswer>(`${path}/send`, { verb, body });
      setAnswer(result);
      if (result.error)
        throw new Error(`${connector} answered ${result.status}: ${result.error.externalMessage ?? 'an error'}`);
      return `${connector} answered ${result.status} in ${Math.round(result.durationMs)} ms.`;
    });
  };

  return (
    <>
      <form onSubmit={send} aria-label={`Compose ${connector}`} noValidate>
        <fieldset>
          <legend>Action</legend>
          <label>
            <input type="radio" name="verb" checked={verb === 'post'} onChange={() => setVerb('post')} />
            Insert (POST)
          </label>
          <label>
            <input type="radio" name="verb" checked={verb === 'put'} onChange={() => setVerb('put')} />
            Update (PUT: keys and changed fields)
          </label>
        </fieldset>
        <ObjectFields
          meta={meta}
          form={form}
          problems={touched ? problems : []}
          change={(next) => {
            setTouched(true);
            setForm(next);
          }}
          level={2}
        />
        <section aria-label="Checks" class="checks">
          <div aria-live="polite">
            {touched && problems.length === 0 ? <p class="ok">The SDK finds no problem.</p> : null}
            {touched && problems.length > 0 ? (
              <p class="error">
                The SDK finds {problems.length} problem{problems.length > 1 ? 's' : ''} (the server would refuse it; you
                may still send it to see how).
              </p>
            ) : null}
            {serverCheck ? (
              <p class={serverCheck.valid ? 'ok' : 'error'}>
                Server check: {serverCheck.valid ? 'valid' : serverCheck.error?.message}
              </p>
            ) : null}
          </div>
        </section>
        <details>
          <summary>Body to send</summary>
          <pre>{JSON.stringify(body, null, 2)}</pre>
        </details>
        <button type="submit" disabled={busy} aria-busy={busy}>
          Send {connector}
        </button>
      </form>
      <OutcomeNote outcome={outcome} />
      {answer ? <SendResult answer={answer} /> : null}
    </>
  );
}

function SendResult({ answer }: { answer: SendAnswer }) {
  const reference = answer.error?.profitLogReference;
  return (
    <section aria-labelledby="send-result">
      <h2 id="send-result">
        Answer: <span class={`badge s${String(answer.status)[0]}`}>{answer.status}</span>
      </h2>
      {answer.error ? (
        <>
          {reference ? (
            <p>
              <a href={href('errors', { reference })}>Look up error {reference}</a>
            </p>
          ) : null}
          <pre>{JSON.stringify(answer.error, null, 2)}</pre>
        </>
      ) : (
        <div class="columns">
          <div>
            <h3>Answer</h3>
            <pre>{JSON.stringify(answer.answer, null, 2)}</pre>
          </div>
          <div>
            <h3>What it stored</h3>
            <pre>{JSON.stringify(answer.stored, null, 2)}</pre>
          </div>
        </div>
      )}
      <CallSnippets url={answer.url} snippets={answer.snippets} />
    </section>
  );
}

function ObjectFields(props: {
  meta: UpdateObjectMetainfo;
  form: RecordForm;
  problems: Problem[];
  change(form: RecordForm): void;
  level: number;
}) {
  const { meta, form, problems, change } = props;
  const Heading = `h${Math.min(props.level + 1, 6)}` as 'h3';
  return (
    <fieldset class="group">
      <legend>{meta.name}</legend>
      <div class="field-grid">
        {meta.fields.map((field) => (
          <FieldInput
            key={field.fieldId}
            field={field}
            value={form.values[field.fieldId] ?? ''}
            problem={problems.find(
              (p) =>
                p.object.toLowerCase() === meta.name.toLowerCase() &&
                p.field?.toLowerCase() === field.fieldId.toLowerCase(),
            )}
            change={(value) => change({ ...form, values: { ...form.values, [field.fieldId]: value } })}
          />
        ))}
      </div>
      {problems
        .filter((p) => p.object.toLowerCase() === meta.name.toLowerCase() && !p.field)
        .map((p) => (
          <p key={p.message} class="error">
            {p.message}
          </p>
        ))}
      {meta.objects.map((child) => {
        const record = form.objects[child.name];
        return (
          <div key={child.name}>
            <Heading class="visually-hidden">{child.name}</Heading>
            <label>
              <input
                type="checkbox"
                checked={record !== undefined}
                onChange={(event) =>
                  change({
                    ...form,
                    objects: {
                      ...form.objects,
                      [child.name]: (event.target as HTMLInputElement).checked ? emptyRecord() : undefined,
                    },
                  })
                }
              />
              With a {child.name} record
            </label>
            {record ? (
              <ObjectFields
                meta={child}
                form={record}
                problems={problems}
                change={(next) => change({ ...form, objects: { ...form.objects, [child.name]: next } })}
                level={props.level + 1}
              />
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}

function FieldInput(props: {
  field: UpdateField;
  value: string;
  problem: Problem | undefined;
  change(value: string): void;
}) {
  const { field, value, problem } = props;
  const id = useId();
  const hint = [
    field.dataType,
    field.dataType === 'string' && field.length ? `at most ${field.length}` : '',
    field.dataType === 'date' ? 'yyyy-mm-dd' : '',
    field.primaryKey ? 'key' : '',
  ]
    .filter(Boolean)
    .join(', ');
  const label = (
    <>
      {field.label || field.fieldId} <code>{field.fieldId}</code>
      {field.mandatory ? <abbr title="mandatory for an insert"> *</abbr> : null}
    </>
  );
  const common = {
    id,
    name: field.fieldId,
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': `${id}-hint${problem ? ` ${id}-problem` : ''}`,
    'aria-required': field.mandatory || undefined,
  } as const;
  const input = field.values?.length ? (
    <select {...common} value={value} onChange={(e) => props.change((e.target as HTMLSelectElement).value)}>
      <option value="">(none)</option>
      {field.values.map((code) => (
        <option key={code.id} value={code.id}>
          {code.id} · {code.description}
        </option>
      ))}
    </select>
  ) : field.dataType === 'boolean' ? (
    <select {...common} value={value} onChange={(e) => props.change((e.target as HTMLSelectElement).value)}>
      <option value="">(none)</option>
      <option value="true">true</option>
      <option value="false">false</option>
    </select>
  ) : (
    <input
      {...common}
      value={value}
      inputMode={field.dataType === 'int' || field.dataType === 'decimal' ? 'decimal' : undefined}
      onInput={(e) => props.change((e.target as HTMLInputElement).value)}
    />
  );
  return (
    <div>
      <label for={id}>{label}</label>
      {input}
      <small id={`${id}-hint`}>{hint}</small>
      {problem ? (
        <small id={`${id}-problem`} class="error">
          {problem.message}
        </small>
      ) : null}
    </div>
  );
}
