// How the dossier demo data is made (definitions/demo/subjects.yaml): subject types (reference data), and dossier
// items about employees or relations, each with its link and, for one in twenty, a small real file.

import { dateValue, yearOf } from './dates.ts';
import {
  bcCode,
  CONTACT_PERSONS_PER_ORG,
  displayName,
  drawName,
  employeeCode,
  firstContactId,
  orgBcId,
  orgDebtorCode,
} from './demo-codes.ts';
import { type DemoRun, K_EMPLOYEE, K_SUBJECT } from './demo-run.ts';
import type { DemoBatch, DemoRow } from './demo-tables.ts';
import { onePagePdf } from './one-page-pdf.ts';
import { SUBJECT_TYPES } from './reference-data.ts';

// Tiny real files for dossier attachments: a 1x1 PNG, a one-page PDF (one-page-pdf.ts) and text.
const PNG_1X1 = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='),
  (c) => c.charCodeAt(0),
);

const PDF_PAGE = onePagePdf('AFAS Profit demo', { width: 300, height: 100, fontSize: 18, x: 20, y: 45 });
const utf8 = new TextEncoder();

/** The subject types; draws nothing. */
export function addSubjectTypes(run: DemoRun): void {
  const { sink } = run;
  for (const t of SUBJECT_TYPES) {
    sink.add('kn_subject_type', { type_id: t.id, description: t.description, blocked: false });
  }
}

const EMPLOYEE_SUBJECT_TYPES = SUBJECT_TYPES.filter((t) => t.employee);
const RELATION_SUBJECT_TYPES = SUBJECT_TYPES.filter((t) => !t.employee);

export function* subjects(run: DemoRun): Generator<DemoBatch> {
  const { sink, rng, side, nowDay, counts } = run;
  const personBase = orgBcId(counts.organisations);
  let attachmentId = 1;
  for (let s = 0; s < counts.subjects; s++) {
    rng.reseed(run.seed, K_SUBJECT, s);
    const subjectId = s + 1;
    const target = rng.next();
    const toEmployee = target < 0.5;
    const toDebtor = !toEmployee && target >= 0.85;
    const type = rng.pick(toEmployee ? EMPLOYEE_SUBJECT_TYPES : RELATION_SUBJECT_TYPES);
    const createdDay = nowDay - Math.floor(rng.next() ** 1.3 * 4 * 365);
    const created = run.momentOn(createdDay);
    const sender = run.userCodeOf(rng.int(counts.users));
    const responsible = employeeCode(rng.int(counts.employees));
    const deadline = rng.chance(0.4) ? createdDay + rng.between(1, 30) : null;
    const completed = createdDay < nowDay - 14 ? rng.chance(0.75) : rng.chance(0.2);
    const completedDay = completed ? Math.min(nowDay, createdDay + rng.int(30)) : null;

    let subjectText = rng.pick(type.subjects);
    let employeeIndex = -1;
    let orgIndex = -1;
    if (toEmployee) {
      employeeIndex = rng.int(counts.employees);
      const name = drawName(side.reseed(run.seed, K_EMPLOYEE, employeeIndex));
      subjectText = `${subjectText} ${displayName(name)}`;
      if (type.id === 6) subjectText = `${subjectText} ${yearOf(createdDay)}`;
    } else {
      orgIndex = rng.int(counts.organisations);
    }
    const subject: DemoRow = {
      subject_id: subjectId,
      type_id: type.id,
      subject: subjectText,
      comment: run.maybe(0.6, () =>
        rng.pick([
          'Besproken en akkoord.',
          'Cliënt gaf aan dat de levering te laat was; coördinatie met logistiek.',
          'Graag opvolgen vóór het eind van de maand.',
          'Zie bijlage.\nTerugbellen na overleg met de afdeling.',
          'Reünie-afspraak verzet naar volgende week; café in het centrum.',
        ]),
      ),
      date_created: dateValue(createdDay),
      sender_user_id: sender,
      responsible,
      cause: rng.chance(0.3) ? rng.between(1, 5) : null,
      action_type: rng.chance(0.4) ? rng.pick(['BEL', 'MAIL', 'BEZ']) : null,
      priority: rng.chance(0.8) ? 'N' : rng.pick(['H', 'L']),
      source: rng.chance(0.5) ? rng.pick(['TEL', 'WEB', 'MAIL']) : null,
      start_date: dateValue(createdDay),
      end_date: deadline === null ? null : dateValue(deadline),
      completed,
      date_completed: completedDay === null ? null : dateValue(completedDay),
      regarding: null,
      feature_value_1: rng.chance(0.2) ? rng.between(1, 3) : null,
      feature_value_2: null,
      feature_value_3: null,
      blocked: false,
      item_number: rng.chance(0.5) ? rng.between(1, 999) : null,
      status: completed ? 'Afgehandeld' : rng.pick(['Nieuw', 'In behandeling']),
      workflow_status: rng.chance(0.3) ? (completed ? 'Afgerond' : 'In behandeling') : null,
      workflow_closed: rng.chance(0.3) ? (completed ? 'Ja' : 'Nee') : null,
    };
    sink.add('kn_subject', run.stamp(subject, created, sender));

    const link: DemoRow = {
      id: subjectId,
      subject_id: subjectId,
      save_in_crm: !toEmployee,
      to_org_pers: !toEmployee,
      to_employee: toEmployee,
      to_debtor: toDebtor,
      to_creditor: false,
      to_employer: false,
      to_applicant: false,
      destination_type: toEmployee ? '2' : toDebtor ? '4' : '3',
      destination_id: toEmployee
        ? employeeCode(employeeIndex)
        : toDebtor
          ? orgDebtorCode(orgIndex)
          : bcCode(orgBcId(orgIndex)),
      bc_co: toEmployee ? bcCode(personBase + employeeIndex) : bcCode(orgBcId(orgIndex)),
      contact_id: !toEmployee && rng.chance(0.5) ? firstContactId(orgIndex) + rng.int(CONTACT_PERSONS_PER_ORG) : null,
      employee_id: toEmployee ? employeeCode(employeeIndex) : null,
      debtor_id: toDebtor ? orgDebtorCode(orgIndex) : null,
      project_id: rng.chance(0.05) ? `P${yearOf(createdDay)}-${rng.digits(3)}` : null,
      campaign_id: null,
      sales_order: null,
      item_code: null,
      year: null,
    };
    sink.add('kn_subject_link', run.stamp(link, created, sender));

    // One dossier item in twenty has a small file.
    if (s % 20 === 3) {
      const kind = Math.floor(s / 20) % 3;
      const fileData =
        kind === 0
          ? PDF_PAGE
          : kind === 1
            ? PNG_1X1
            : utf8.encode(
                `Notitie bij dossieritem ${subjectId}\nOpgesteld door ${sender}.\nCoördinatie: zie afspraak.\n`,
              );
      const fileName =
        kind === 0
          ? `scan-${subjectId}.pdf`
          : kind === 1
            ? `foto-${subjectId}.png`
            : rng.chance(0.3)
              ? `Coördinatie overleg ${subjectId}.txt`
              : `notitie-${subjectId}.txt`;
      const attachment: DemoRow = {
        attachment_id: attachmentId++,
        subject_id: subjectId,
        file_id: rng.hex(32),
        file_name: fileName,
        mime_type: kind === 0 ? 'application/pdf' : kind === 1 ? 'image/png' : 'text/plain',
        file_size: fileData.length,
        file_data: fileData,
      };
      sink.add('kn_subject_attachment', run.stamp(attachment, created, sender));
    }
    yield* sink.flushFull();
  }
  yield* sink.flushAll();
}
