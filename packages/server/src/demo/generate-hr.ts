// How the HR demo data is made (definitions/demo/hr.yaml): departments and functions (reference data), and per
// employee the person (with home address and bank accounts), employment, contract, function, schedule and salary,
// plus the users and private debtors that belong to an employee, all drawn from the employee's own stream.

import { bsnFromIndex } from './checksums.ts';
import { DAY_MS, dateValue } from './dates.ts';
import {
  bcCode,
  displayName,
  drawName,
  employeeCode,
  orgBcId,
  privateDebtorCode,
  salutation,
  userCode,
} from './demo-codes.ts';
import { cents, type DemoRun, K_EMPLOYEE, K_PORTRAIT, SYSTEM_USERS } from './demo-run.ts';
import type { DemoBatch, DemoRow } from './demo-tables.ts';
import {
  CITIES,
  DEPARTMENTS,
  FEMALE_FIRST_NAMES,
  FUNCTIONS,
  MALE_FIRST_NAMES,
  PRIVATE_MAIL_DOMAINS,
  REMARKS,
} from './dutch-data.ts';
import { addAddress, addBankAccount } from './generate-relations.ts';
import { portrait } from './portraits.ts';

const EMPLOYER_DOMAIN = 'demobedrijf.nl';

/** Departments and functions; draws from the reference stream. */
export function addHrReference(run: DemoRun): void {
  const { sink, rng, setupDay } = run;
  const by = SYSTEM_USERS[0]!;
  DEPARTMENTS.forEach(([code, name], i) => {
    sink.add(
      'hr_department',
      run.stamp(
        {
          id: i + 1,
          department_id: code,
          description: name,
          parent_department_id: i === 0 ? null : 'DIR',
          cost_centre: `KP${code}`,
          blocked: false,
        },
        run.momentOn(setupDay + rng.int(60)),
        by,
      ),
    );
  });
  FUNCTIONS.forEach(([name, min], i) => {
    sink.add(
      'hr_function',
      run.stamp(
        {
          id: i + 1,
          function_id: `F${String(i + 1).padStart(3, '0')}`,
          description: name,
          function_group: min >= 5000 ? 'MANAGEMENT' : min >= 3000 ? 'STAF' : 'UITVOEREND',
          blocked: false,
        },
        run.momentOn(setupDay + rng.int(60)),
        by,
      ),
    );
  });
}

/**
 * One employee in twenty-five has a picture (ImageConnector). Chosen by index and with its id drawn from a stream
 * of its own, so adding pictures changed no other generated value.
 */
function employeePicture(run: DemoRun, i: number, bcCo: string): DemoRow {
  if (i % 25 !== 4) return { image_id: null, image_name: null, image_mime: null, image_data: null };
  return {
    image_id: run.side.reseed(run.seed, K_PORTRAIT, i).hex(32),
    image_name: `foto-${bcCo}.png`,
    image_mime: 'image/png',
    image_data: portrait(i),
  };
}

export function* employees(run: DemoRun): Generator<DemoBatch> {
  const { sink, rng, nowDay, counts } = run;
  const personBase = orgBcId(counts.organisations);
  const hrUser = SYSTEM_USERS[2]!;
  for (let i = 0; i < counts.employees; i++) {
    rng.reseed(run.seed, K_EMPLOYEE, i);
    const n = drawName(rng);
    const bcId = personBase + i;
    const bcCo = bcCode(bcId);
    const emId = employeeCode(i);

    // Dates: born 18-66 years ago; started after turning 18, mostly in recent years; some left, some temporary.
    const birthDay = nowDay - rng.between(18 * 365 + 5, 66 * 365);
    const maxYears = Math.min(30, (nowDay - birthDay) / 365.25 - 18);
    const yearsAgo = Math.min(maxYears, -Math.log(1 - rng.next()) * 5);
    const futureStart = rng.chance(0.01);
    const startDay = futureStart ? nowDay + rng.between(1, 60) : nowDay - Math.floor(yearsAgo * 365.25);
    const kind = rng.next();
    let employmentType = kind < 0.65 ? 'Vast' : kind < 0.85 ? 'Tijdelijk' : kind < 0.95 ? 'Oproep' : 'Stage';
    let endDay: number | null = null;
    let endReason: string | null = null;
    if (employmentType === 'Tijdelijk' || employmentType === 'Stage') {
      endDay = startDay + rng.pick([182, 365, 365, 730]);
      if (endDay < nowDay) {
        // Renewed: a temporary contract that ran out would have ended; most were extended.
        if (rng.chance(0.6)) endDay = nowDay + rng.between(14, 365);
        else endReason = 'Einde contract';
      }
    } else if (!futureStart && rng.chance(0.14) && startDay + 30 < nowDay) {
      endDay = rng.between(startDay + 30, nowDay - 1);
      endReason = rng.pick(['Ontslag eigen verzoek', 'Einde contract', 'Pensioen', 'Wederzijds goedvinden']);
    }
    const active = startDay <= nowDay && (endDay === null || endDay >= nowDay);
    if (!active && endDay !== null && endDay < nowDay && employmentType === 'Tijdelijk' && rng.chance(0.3)) {
      employmentType = 'Vast';
    }
    const created = run.momentOn(Math.min(nowDay, startDay - rng.between(7, 60)));

    const home = addAddress(run, created, hrUser);
    const addressCity = home.city;
    sink.add('kn_basic_contact', run.stamp({ bc_id: bcId, bc_co: bcCo, type: 'P' }, created, hrUser));

    const secondInitial = rng.chance(0.2)
      ? `${rng.pick(n.gender === 'V' ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES).name[0]}.`
      : '';
    const emailWork = `${n.first.slug}.${n.surname.slug}@${EMPLOYER_DOMAIN}`;
    const married = rng.chance(0.45);
    const prefixValue = n.surname.prefix === null && rng.chance(0.02) ? '' : n.surname.prefix;
    const person: DemoRow = {
      bc_id: bcId,
      bc_co: bcCo,
      search_name: n.surname.searchName,
      name: displayName(n),
      usual_name: n.first.name,
      first_name: n.first.name,
      initials: `${n.first.name[0]}.${secondInitial}`,
      prefix: prefixValue,
      last_name: n.surname.last,
      birth_name_separate: false,
      birth_name_prefix: null,
      birth_name: null,
      partner_prefix: null,
      partner_name: null,
      name_use: '0',
      gender: n.gender,
      nationality: rng.chance(0.9) ? 'NL' : rng.pick(['B', 'D', 'TR', 'MA', 'PL', 'E']),
      birth_date: dateValue(birthDay),
      country_of_birth: rng.chance(0.88) ? 'NL' : rng.pick(['B', 'D', 'TR', 'MA', 'PL', 'CW']),
      place_of_birth: rng.chance(0.7) ? rng.pick(CITIES).name : null,
      bsn: bsnFromIndex(i, rng.int(10)),
      marital_status: married ? rng.pick(['GH', 'GH', 'GP']) : rng.pick(['OG', 'OG', 'OG', 'GS', 'WE']),
      wedding_date: married && rng.chance(0.7) ? dateValue(birthDay + rng.between(22 * 365, 35 * 365)) : null,
      divorce_date: null,
      date_deceased: null,
      title: null,
      secondary_title: null,
      salutation: salutation(n),
      // Work numbers are extensions of the office in Amsterdam.
      phone_work: rng.chance(0.6) ? run.landline(CITIES[0]!) : null,
      phone_private: rng.chance(0.3) ? run.landline(addressCity) : null,
      fax_work: null,
      mobile_work: rng.chance(0.5) ? run.mobile() : null,
      mobile_private: run.maybe(0.85, () => run.mobile()),
      email_work: active ? emailWork : null,
      email_private: rng.chance(0.8)
        ? `${n.first.slug}${rng.chance(0.5) ? `.${n.surname.slug}` : rng.between(1, 99)}@${rng.pick(PRIVATE_MAIL_DOMAINS)}`
        : null,
      homepage: null,
      correspondence: true,
      preferred_medium: rng.chance(0.9) ? 'EMA' : 'PST',
      remark: run.maybe(0.07, () => rng.pick(REMARKS)),
      status: null,
      linkedin: rng.chance(0.1) ? `https://www.linkedin.com/in/${n.first.slug}-${n.surname.slug}` : null,
      language: rng.chance(0.93) ? 'NL' : 'EN',
      legislative_country: 'NL',
      portal_access: active && rng.chance(0.9),
      portal_email: null,
      address_id: home.id,
      postal_address_id: null,
      ...employeePicture(run, i, bcCo),
    };
    sink.add('kn_person', run.stamp(person, created, hrUser));

    const firstAccount = addBankAccount(run, bcId, created, hrUser, null);
    if (rng.chance(0.1)) addBankAccount(run, bcId, created + rng.int(400) * DAY_MS, hrUser, 'Spaarrekening');

    sink.add(
      'hr_employee',
      run.stamp(
        {
          id: i + 1,
          employee_id: emId,
          bc_id: bcId,
          employer_id: '01',
          location: rng.chance(0.85) ? rng.pick(['Amsterdam', 'Utrecht', 'Eindhoven', 'Rotterdam', 'Zwolle']) : null,
          active,
          blocked: rng.chance(0.01),
          number_of_children: rng.chance(0.2) ? null : rng.pick([0, 0, 0, 1, 2, 2, 3, 4]),
          lease_car: rng.chance(0.6) ? null : rng.chance(0.35),
          // One row of each employment table per employee, with the employee's id.
          contract_id: i + 1,
          employee_function_id: i + 1,
          schedule_id: i + 1,
          salary_id: i + 1,
        },
        created,
        hrUser,
      ),
    );
    const contractCreated = created + rng.int(3) * DAY_MS;
    sink.add(
      'hr_contract',
      run.stamp(
        {
          id: i + 1,
          employee_id: emId,
          start_date: dateValue(startDay),
          end_date: endDay === null ? null : dateValue(endDay),
          employment_type: employmentType,
          probation_end_date: rng.chance(0.4) ? dateValue(startDay + 30) : null,
          collective_agreement: rng.pick(['CAO-MET', 'CAO-ZKH', 'CAO-ICT', 'GEEN']),
          end_reason: endReason,
        },
        contractCreated,
        hrUser,
      ),
    );
    const [department] = rng.pick(DEPARTMENTS);
    const functionIndex = rng.int(FUNCTIONS.length);
    const [, minSalary, maxSalary] = FUNCTIONS[functionIndex]!;
    sink.add(
      'hr_employee_function',
      run.stamp(
        {
          id: i + 1,
          employee_id: emId,
          start_date: dateValue(startDay),
          department_id: department,
          function_id: `F${String(functionIndex + 1).padStart(3, '0')}`,
          cost_centre: rng.chance(0.9) ? `KP${department}` : null,
        },
        contractCreated,
        hrUser,
      ),
    );
    const hours =
      employmentType === 'Oproep'
        ? rng.pick([0, 8, 12, 16])
        : rng.pick([40, 40, 40, 38, 36, 36, 32, 32, 28, 24, 20, 16, 37.5, 22.5]);
    sink.add(
      'hr_schedule',
      run.stamp(
        {
          id: i + 1,
          employee_id: emId,
          start_date: dateValue(startDay),
          hours_per_week: hours,
          fte: Math.round((hours / 40) * 10_000) / 10_000,
          days_per_week: hours === 0 ? null : Math.min(5, Math.ceil(hours / 8)),
        },
        contractCreated,
        hrUser,
      ),
    );
    const hourly = employmentType === 'Oproep';
    const fullTime = minSalary + (maxSalary - minSalary) * rng.next();
    const amount = hourly
      ? cents(1406 + rng.int(1200))
      : employmentType === 'Stage'
        ? cents(rng.between(500, 800) * 100)
        : cents(fullTime * (hours / 40) * 100);
    // The current salary often started with a later raise; the row was entered shortly before it took effect.
    const salaryDay = Math.max(startDay, nowDay - rng.int(365));
    const salaryEntered = Math.max(contractCreated, run.momentOn(salaryDay - rng.between(1, 20)));
    sink.add(
      'hr_salary',
      run.stamp(
        {
          id: i + 1,
          employee_id: emId,
          start_date: dateValue(salaryDay),
          salary_type: hourly || rng.chance(0.5) ? 'V' : 'S',
          salary_amount: amount,
          salary_scale: hourly ? null : String(rng.between(1, 14)),
          salary_step: hourly ? null : String(rng.between(0, 12)),
          period: hourly ? 'U' : 'M',
        },
        salaryEntered,
        SYSTEM_USERS[3]!,
      ),
    );

    // Users are spread evenly over the employees.
    while (run.nextUserIndex < counts.users && run.userEmployeeIndex(run.nextUserIndex) === i) {
      const u = run.nextUserIndex++;
      sink.add(
        'kn_user',
        run.stamp(
          {
            id: u + 1,
            user_id: userCode(u, n.first, n.surname),
            description: displayName(n),
            bc_co: bcCo,
            email: emailWork,
            different_email: null,
            upn: emailWork,
            blocked: !active || rng.chance(0.03),
            profit_windows: rng.chance(0.3),
            connector: rng.chance(0.05),
            outsite: rng.chance(0.4),
            insite: rng.chance(0.95),
            site_language: '1043',
            group_id: rng.pick(['MEDEWERKERS', 'MEDEWERKERS', 'HR', 'FINANCIEEL', 'VERKOOP', 'BEHEER']),
            group_description: null,
          },
          created + DAY_MS,
          SYSTEM_USERS[0]!,
        ),
      );
    }

    // A few employees also buy from the company: private debtors.
    if (i % 25 === 3) {
      sink.add(
        'kn_debtor',
        run.stamp(
          {
            id: run.nextDebtorId++,
            debtor_id: privateDebtorCode(i),
            bc_co: bcCo,
            bank_account_id: firstAccount,
            collect_account: '1300',
            payment_condition: '14',
            vat_duty: '1',
            vat_number: null,
            blocked: false,
            credit_limit: null,
            currency_id: 'EUR',
            auto_payment: rng.chance(0.5),
          },
          created + 30 * DAY_MS,
          SYSTEM_USERS[4]!,
        ),
      );
    }
    yield* sink.flushFull();
  }
  yield* sink.flushAll();
}
