// The GetConnector runner: fields, filters in both syntaxes, quick filter, sort and paging, run through the real
// read pipeline by the server; shows the rows, the exact URL a client would send and the same call as snippets.

import type { Condition, GetField, Operator } from '@appconnector/protocol';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { post, seg } from '../api.ts';
import type { ScreenProps } from '../app.tsx';
import { formQuery, OPERATOR_LABELS, type RunnerForm } from '../get-query.ts';
import type { RunAnswer } from '../types.ts';
import { LoadNote, OutcomeNote, SelectField, Table, TextField, useAction } from '../ui.tsx';
import { useGetMetainfo } from './connector-data.ts';
import { ConnectorPicker } from './connector-picker.tsx';
import { CallSnippets } from './snippets.tsx';

const EMPTY: RunnerForm = { groups: [], syntax: 'simple', quick: '', quickField: '', sort: [], skip: '0', take: '20' };
const OPERATORS = Object.entries(OPERATOR_LABELS).map(([value, label]) => ({ value, label }));

export function RunnerScreen({ env, params }: ScreenProps) {
  return (
    <ConnectorPicker env={env} params={params} kind="GetConnector">
      {(connector) => <Runner key={`${env}/${connector}`} env={env} connector={connector} />}
    </ConnectorPicker>
  );
}

function Runner({ env, connector }: { env: string; connector: string }) {
  const meta = useGetMetainfo(env, connector);
  const fields = meta.data?.fields ?? [];
  const [form, setForm] = useState<RunnerForm>(EMPTY);
  const [shown, setShown] = useState<string[]>([]);
  const [answer, setAnswer] = useState<RunAnswer>();
  const [outcome, busy, act] = useAction();
  const textField = useMemo(() => fields.find((f) => f.dataType === 'string')?.id ?? '', [fields]);
  useEffect(() => setForm((old) => ({ ...old, quickField: textField })), [textField]);

  let query: Record<string, string> | undefined;
  let queryError = '';
  try {
    query = formQuery(form);
  } catch (error) {
    queryError = (error as Error).message;
  }
  const update = (change: Partial<RunnerForm>) => setForm({ ...form, ...change });
  const setCondition = (g: number, c: number, change: Partial<Condition>) =>
    update({
      groups: form.groups.map((group, gi) =>
        gi === g ? group.map((cond, ci) => (ci === c ? { ...cond, ...change } : cond)) : group,
      ),
    });
  const newCondition = (): Condition => ({ field: fields[0]?.id ?? '', op: 'eq', value: '' });

  const run = (event: Event) => {
    event.preventDefault();
    if (!query) return;
    const sent = query;
    act(async () => {
      const result = await post<RunAnswer>(`environments/${seg(env)}/get/${seg(connector)}/run`, {
        query: sent,
        ...(shown.length ? { fields: shown } : {}),
      });
      setAnswer(result);
      const count = (result.rows ?? result.answer?.rows ?? []).length;
      if (result.error)
        throw new Error(
          `The call answered ${result.status} in ${Math.round(result.durationMs)} ms: ${result.error.externalMessage ?? 'an error'}.`,
        );
      return `The call answered ${result.status} in ${Math.round(result.durationMs)} ms with ${count} rows.`;
    });
  };

  const rows = answer ? (answer.rows ?? answer.answer?.rows ?? []) : [];
  const columns = shown.length ? shown : fields.map((f) => f.id);
  return (
    <>
      <LoadNote loaded={meta} what="the metainfo" />
      <form onSubmit={run} aria-label={`Run ${connector}`}>
        <details>
          <summary>Fields to show ({shown.length ? shown.length : 'all'})</summary>
          <fieldset class="field-picker">
            <legend class="visually-hidden">Fields to show</legend>
            {fields.map((f) => (
              <label key={f.id}>
                <input
                  type="checkbox"
                  checked={shown.includes(f.id)}
                  onChange={(event) =>
                    setShown(
                      (event.target as HTMLInputElement).checked
                        ? fields.map((x) => x.id).filter((x) => x === f.id || shown.includes(x))
                        : shown.filter((x) => x !== f.id),
                    )
                  }
                />
                {f.id} <span class="muted">{f.label}</span>
              </label>
            ))}
          </fieldset>
        </details>

        <fieldset class="group">
          <legend>Filter</legend>
          {form.groups.map((group, g) => (
            <fieldset key={g} class="group">
              <legend>
                {g === 0 ? 'Rows where all of' : 'or where all of'} (group {g + 1})
              </legend>
              {group.map((condition, c) => (
                <ConditionRow
                  key={c}
                  n={`${g + 1}.${c + 1}`}
                  fields={fields}
                  condition={condition}
                  change={(change) => setCondition(g, c, change)}
                  remove={() =>
                    update({
                      groups: form.groups
                        .map((grp, gi) => (gi === g ? grp.filter((_, ci) => ci !== c) : grp))
                        .filter((grp) => grp.length > 0),
                    })
                  }
                />
              ))}
              <button
                type="button"
                class="secondary outline small"
                onClick={() =>
                  update({ groups: form.groups.map((grp, gi) => (gi === g ? [...grp, newCondition()] : grp)) })
                }
              >
                Add condition to group {g + 1}
              </button>
            </fieldset>
          ))}
          <div class="actions">
            <button
              type="button"
              class="secondary outline small"
              onClick={() => update({ groups: [...form.groups, [newCondition()]] })}
            >
              {form.groups.length ? 'Add OR group' : 'Add condition'}
            </button>
          </div>
          <div class="row">
            <TextField
              label="Quick filter"
              value={form.quick}
              onValue={(quick) => update({ quick })}
              hint="Free text found in any text field (operator 15)."
            />
            <fieldset class="narrow">
              <legend>Filter syntax</legend>
              {(['simple', 'json'] as const).map((syntax) => (
                <label key={syntax}>
                  <input
                    type="radio"
                    name="syntax"
                    value={syntax}
                    checked={form.syntax === syntax}
                    onChange={() => update({ syntax })}
                  />
                  {syntax === 'simple' ? 'Simple lists' : 'filterjson'}
                </label>
              ))}
            </fieldset>
          </div>
        </fieldset>

        <fieldset class="group">
          <legend>Sort and paging</legend>
          {form.sort.map((item, s) => (
            <div class="row" key={s}>
              <SelectField
                label={`Sort ${s + 1} by`}
                value={item.field}
                onValue={(field) => update({ sort: form.sort.map((x, i) => (i === s ? { ...x, field } : x)) })}
                options={fields.map((f) => f.id)}
              />
              <label class="narrow">
                <input
                  type="checkbox"
                  checked={item.desc}
                  onChange={(event) =>
                    update({
                      sort: form.sort.map((x, i) =>
                        i === s ? { ...x, desc: (event.target as HTMLInputElement).checked } : x,
                      ),
                    })
                  }
                />
                Descending
              </label>
              <button
                type="button"
                class="secondary outline small"
                onClick={() => update({ sort: form.sort.filter((_, i) => i !== s) })}
              >
                Remove sort {s + 1}
              </button>
            </div>
          ))}
          <div class="row">
            <TextField
              class="narrow"
              label="Skip"
              inputMode="numeric"
              value={form.skip}
              onValue={(skip) => update({ skip })}
            />
            <TextField
              class="narrow"
              label="Take"
              inputMode="numeric"
              value={form.take}
              onValue={(take) => update({ take })}
            />
            <button
              type="button"
              class="secondary outline small"
              onClick={() => update({ sort: [...form.sort, { field: fields[0]?.id ?? '', desc: false }] })}
            >
              Add sort field
            </button>
          </div>
        </fieldset>
        {queryError ? (
          <p role="alert" class="error">
            {queryError}
          </p>
        ) : null}
        <button type="submit" disabled={busy || !query} aria-busy={busy}>
          Run {connector}
        </button>
      </form>
      <OutcomeNote outcome={outcome} />
      {answer ? (
        <section aria-labelledby="run-result">
          <h2 id="run-result">
            Answer: <span class={`badge s${String(answer.status)[0]}`}>{answer.status}</span>
          </h2>
          {answer.error ? (
            <pre role="alert">{JSON.stringify(answer.error, null, 2)}</pre>
          ) : (
            <Table
              caption={`Rows of ${connector}`}
              rows={rows}
              empty="No rows."
              columns={columns.map((column) => ({
                title: column,
                cell: (row: Record<string, unknown>) => cellText(row[column]),
              }))}
            />
          )}
          <CallSnippets url={answer.url} snippets={answer.snippets} />
        </section>
      ) : null}
    </>
  );
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function ConditionRow(props: {
  n: string;
  fields: GetField[];
  condition: Condition;
  change(change: Partial<Condition>): void;
  remove(): void;
}) {
  const { n, fields, condition, change } = props;
  const valueless = condition.op === 'empty' || condition.op === 'notEmpty';
  return (
    <div class="row">
      <SelectField
        label={`Field ${n}`}
        value={condition.field}
        onValue={(field) => change({ field })}
        options={fields.map((f) => ({ value: f.id, label: `${f.id} (${f.dataType})` }))}
      />
      <SelectField
        label={`Operator ${n}`}
        value={condition.op}
        onValue={(op) => change({ op: op as Operator })}
        options={OPERATORS}
      />
      <TextField
        label={`Value ${n}`}
        value={condition.value}
        onValue={(value) => change({ value })}
        disabled={valueless}
      />
      <button type="button" class="secondary outline small" onClick={props.remove}>
        Remove condition {n}
      </button>
    </div>
  );
}
