// How the relations demo data is made (definitions/demo/relations.yaml): countries, addresses, bank accounts, and
// organisations with their contact persons, contacts and debtor records. Employees' persons are made in generate-hr.ts.

import { bsnFromIndex, dutchIban } from './checksums.ts';
import { DAY_MS, dateValue } from './dates.ts';
import {
  bcCode,
  CONTACT_PERSONS_PER_ORG,
  capitalise,
  displayName,
  drawName,
  firstContactId,
  orgBcId,
  orgDebtorCode,
  type PersonName,
  salutation,
} from './demo-codes.ts';
import { type DemoRun, K_ORGANISATION, SYSTEM_USERS } from './demo-run.ts';
import type { DemoBatch, DemoRow } from './demo-tables.ts';
import {
  BANKS,
  CITIES,
  type City,
  COUNTRIES,
  DEPARTMENTS,
  FOREIGN_PLACES,
  FUNCTIONS,
  HOUSE_NUMBER_ADDITIONS,
  LEGAL_FORMS,
  ORG_CARE,
  ORG_REGIONS,
  ORG_TRADES,
  REMARKS,
  STREETS,
  SURNAMES,
  slug,
} from './dutch-data.ts';

/** The countries; draws nothing. */
export function addCountries(run: DemoRun): void {
  const { sink } = run;
  COUNTRIES.forEach((c, i) => {
    sink.add('kn_country', { id: i + 1, country_id: c.code, name: c.name, iso_code: c.iso, eu_member: c.eu });
  });
}

/** Buffers a Dutch street address; returns its id and city. */
export function addAddress(
  run: DemoRun,
  created: number,
  by: string,
  c: City = run.rng.pick(CITIES),
): { id: number; city: City } {
  const r = run.rng;
  const id = run.nextAddressId++;
  const addition = r.next();
  const row: DemoRow = {
    address_id: id,
    country_id: 'NL',
    po_box: false,
    street_addition: null,
    street: r.pick(STREETS),
    house_number: r.chance(0.8) ? r.between(1, 120) : r.between(121, 999),
    house_number_addition: addition < 0.82 ? null : addition < 0.85 ? '' : r.pick(HOUSE_NUMBER_ADDITIONS),
    zip_code: run.zipCode(c),
    city: c.name,
    address_addition: r.chance(0.03) ? r.pick(['Achterom', 'Bovenwoning', 'Ingang zijkant']) : null,
    begin_date: dateValue(Math.floor(created / DAY_MS)),
  };
  run.stamp(row, created, by);
  run.sink.add('kn_address', row);
  return { id, city: c };
}

/** Buffers a bank account of a basic contact; returns its id. */
export function addBankAccount(
  run: DemoRun,
  bcId: number,
  created: number,
  by: string,
  deviatingName: string | null,
): number {
  const r = run.rng;
  const id = run.nextBankAccountId++;
  const bank = r.pick(BANKS);
  // A bijection of the id over 10 digits, so accounts are distinct (exact while id * factor < 2^53).
  const account = String((id * 2_654_435_761) % 10_000_000_000).padStart(10, '0');
  const iban = dutchIban(bank.code, account);
  run.sink.add(
    'kn_bank_account',
    run.stamp(
      {
        bank_account_id: id,
        bc_id: bcId,
        country_id: 'NL',
        iban_check: true,
        iban,
        account_number: iban,
        bank_type: null,
        bank_code: null,
        g_account: false,
        cheque: false,
        deviating_name: deviatingName,
        deviating_city: null,
        bic: bank.bic,
        bank_name: bank.name,
        bank_branch: null,
        bank_address: null,
        bank_city: null,
        on_charge_code: r.chance(0.1) ? '3' : null,
      },
      created,
      by,
    ),
  );
  return id;
}

export function* organisations(run: DemoRun): Generator<DemoBatch> {
  const { sink, rng } = run;
  const by = SYSTEM_USERS[4]!;
  for (let k = 0; k < run.counts.organisations; k++) {
    rng.reseed(run.seed, K_ORGANISATION, k);
    const bcId = orgBcId(k);
    const bcCo = bcCode(bcId);
    const created = run.momentOn(run.nowDay - 30 - rng.int(8 * 365));
    const createdDay = Math.floor(created / DAY_MS);

    // The name decides the mail domain and search name.
    const legal = rng.pick(LEGAL_FORMS);
    const owner = rng.pick(SURNAMES);
    const region = rng.pick(ORG_REGIONS);
    const trade = rng.pick(ORG_TRADES);
    const style = rng.next();
    let base: string;
    let searchName = owner.searchName;
    let legalCode = legal.code;
    if (style < 0.4) {
      base = `${region} ${trade}`;
      searchName = region.toUpperCase().slice(0, 10);
    } else if (style < 0.7) {
      base = `${owner.prefix === null ? '' : `${capitalise(owner.prefix)} `}${owner.last} ${trade}`;
    } else if (style < 0.82) {
      base = `Stichting ${region} ${rng.pick(ORG_CARE)}`;
      searchName = region.toUpperCase().slice(0, 10);
      legalCode = '70';
    } else {
      base = `${trade} ${owner.last}`;
    }
    const name = legalCode === '70' || legal.suffix === '' ? base : `${base} ${legal.suffix}`;
    const domain = `${slug(base)}.nl`;

    // Visiting address, abroad for a few; a P.O. box as postal address for a quarter of the Dutch ones.
    let addressId: number;
    let city: City;
    const foreign = rng.chance(0.04);
    if (foreign) {
      const place = rng.pick(FOREIGN_PLACES);
      addressId = run.nextAddressId++;
      // Phone numbers of foreign organisations still go through the Dutch office (area code of Amsterdam).
      city = CITIES[0]!;
      sink.add(
        'kn_address',
        run.stamp(
          {
            address_id: addressId,
            country_id: place.country,
            po_box: false,
            street_addition: null,
            street: place.street,
            house_number: rng.between(1, 200),
            house_number_addition: null,
            zip_code: place.zip,
            city: place.city,
            address_addition: null,
            begin_date: dateValue(createdDay),
          },
          created,
          by,
        ),
      );
    } else {
      const visiting = addAddress(run, created, by);
      addressId = visiting.id;
      city = visiting.city;
    }
    let postalId: number | null = null;
    if (!foreign && rng.chance(0.25)) {
      postalId = run.nextAddressId++;
      sink.add(
        'kn_address',
        run.stamp(
          {
            address_id: postalId,
            country_id: 'NL',
            po_box: true,
            street_addition: null,
            street: 'Postbus',
            house_number: rng.between(1, 9999),
            house_number_addition: null,
            zip_code: run.zipCode(city),
            city: city.name,
            address_addition: null,
            begin_date: dateValue(createdDay),
          },
          created,
          by,
        ),
      );
    }

    sink.add('kn_basic_contact', run.stamp({ bc_id: bcId, bc_co: bcCo, type: 'O' }, created, by));
    const rsin = bsnFromIndex(8_000_000 + k);
    sink.add(
      'kn_organisation',
      run.stamp(
        {
          bc_id: bcId,
          bc_co: bcCo,
          search_name: searchName,
          name,
          legal_form: legalCode,
          sector: `${String(rng.between(1, 16)).padStart(2, '0')}00`,
          coc_number: String(10_000_000 + ((k * 7_777_777 + 1_234_567) % 90_000_000)),
          coc_date: dateValue(createdDay - rng.int(20 * 365)),
          branch_number: rng.chance(0.6) ? rng.digits(12) : null,
          statutory_name: legalCode === '01' ? null : name,
          registered_office: foreign ? null : city.name,
          title: null,
          salutation: 'Geachte heer, mevrouw',
          phone_work: run.landline(city),
          fax_work: rng.chance(0.08) ? run.landline(city) : null,
          mobile_work: rng.chance(0.15) ? run.mobile() : null,
          email_work: `${rng.pick(['info', 'administratie', 'contact', 'sales'])}@${domain}`,
          homepage: rng.chance(0.85) ? `https://www.${domain}` : null,
          correspondence: true,
          preferred_medium: rng.chance(0.8) ? 'EMA' : 'PST',
          remark: run.maybe(0.12, () => rng.pick(REMARKS)),
          fiscal_number: rsin,
          status: null,
          number_of_employees: String(rng.between(1, 12)).padStart(2, '0'),
          linkedin: rng.chance(0.2) ? `https://www.linkedin.com/company/${slug(base)}` : null,
          language: 'NL',
          external_key: rng.chance(0.1) ? `CRM-${rng.digits(6)}` : null,
          sbi_code: rng.pick(['6201', '4120', '4941', '6920', '5610', '8891', '4321', '7022', '1071']),
          // A few are branches of an earlier organisation.
          parent_bc_co: k > 0 && rng.chance(0.05) ? bcCode(orgBcId(rng.int(k))) : null,
          address_id: addressId,
          postal_address_id: postalId,
        },
        created,
        by,
      ),
    );

    // Contact persons: persons of their own (with a home address), linked by a PRS contact.
    const contactIdBase = firstContactId(k);
    for (let j = 0; j < CONTACT_PERSONS_PER_ORG; j++) {
      const personBcId = bcId + 1 + j;
      const n = drawName(rng);
      const personCreated = created + rng.int(30) * DAY_MS;
      const home = addAddress(run, personCreated, by);
      const emailWork = `${n.first.slug}.${n.surname.slug}@${domain}`;
      const phoneWork = run.landline(city);
      const mobileWork = rng.chance(0.6) ? run.mobile() : null;
      sink.add(
        'kn_basic_contact',
        run.stamp({ bc_id: personBcId, bc_co: bcCode(personBcId), type: 'P' }, personCreated, by),
      );
      sink.add(
        'kn_person',
        run.stamp(contactPersonRow(run, personBcId, n, home.id, emailWork, phoneWork, mobileWork), personCreated, by),
      );
      sink.add(
        'kn_contact',
        run.stamp(
          {
            cd_id: contactIdBase + j,
            org_bc_id: bcId,
            person_bc_id: personBcId,
            type: 'PRS',
            department: rng.chance(0.4) ? rng.pick(DEPARTMENTS)[1] : null,
            function_code: rng.chance(0.5) ? rng.pick(['100', '200', '300']) : null,
            function_card: rng.chance(0.7) ? rng.pick(FUNCTIONS)[0] : null,
            correspondence: j === 0,
            preferred_medium: 'EMA',
            phone_work: phoneWork,
            fax_work: null,
            mobile_work: mobileWork,
            email_work: emailWork,
            homepage: null,
            remark: run.maybe(0.05, () => rng.pick(REMARKS)),
            blocked: rng.chance(0.03),
            attention_line: `T.a.v. ${displayName(n)}`,
            salutation: salutation(n),
            linkedin: null,
            address_id: addressId,
            postal_address_id: postalId,
          },
          personCreated,
          by,
        ),
      );
    }
    if (k % 3 === 0) {
      sink.add(
        'kn_contact',
        run.stamp(
          {
            cd_id: contactIdBase + CONTACT_PERSONS_PER_ORG,
            org_bc_id: bcId,
            person_bc_id: null,
            type: 'AFD',
            department: rng.pick(['Crediteurenadministratie', 'Inkoop', 'Facilitaire zaken', 'Magazijn']),
            function_code: null,
            function_card: null,
            correspondence: false,
            preferred_medium: 'EMA',
            phone_work: run.landline(city),
            fax_work: null,
            mobile_work: null,
            email_work: `crediteuren@${domain}`,
            homepage: null,
            remark: null,
            blocked: false,
            attention_line: null,
            salutation: null,
            linkedin: null,
            address_id: addressId,
            postal_address_id: postalId,
          },
          created,
          by,
        ),
      );
    }

    const bankAccountId = addBankAccount(run, bcId, created, by, null);
    const debtorRow: DemoRow = {
      id: run.nextDebtorId++,
      debtor_id: orgDebtorCode(k),
      bc_co: bcCo,
      bank_account_id: bankAccountId,
      collect_account: '1300',
      payment_condition: rng.pick(['14', '30', '30', '30', '60']),
      vat_duty: foreign ? '3' : '1',
      vat_number: foreign ? null : `NL${rsin}B01`,
      blocked: rng.chance(0.03),
      credit_limit: rng.chance(0.7) ? rng.between(2, 100) * 500 : null,
      currency_id: 'EUR',
      auto_payment: rng.chance(0.2),
    };
    sink.add('kn_debtor', run.stamp(debtorRow, created, by));
    yield* sink.flushFull();
  }
  yield* sink.flushAll();
}

function contactPersonRow(
  run: DemoRun,
  bcId: number,
  n: PersonName,
  addressId: number,
  emailWork: string,
  phoneWork: string,
  mobileWork: string | null,
): DemoRow {
  const rng = run.rng;
  return {
    bc_id: bcId,
    bc_co: bcCode(bcId),
    search_name: n.surname.searchName,
    name: displayName(n),
    usual_name: n.first.name,
    first_name: n.first.name,
    initials: `${n.first.name[0]}.`,
    prefix: n.surname.prefix,
    last_name: n.surname.last,
    birth_name_separate: false,
    birth_name_prefix: null,
    birth_name: null,
    partner_prefix: null,
    partner_name: null,
    name_use: '0',
    gender: n.gender,
    nationality: null,
    // Relations rarely know a contact's birthday.
    birth_date: rng.chance(0.3) ? dateValue(run.nowDay - rng.between(20 * 365, 65 * 365)) : null,
    country_of_birth: null,
    place_of_birth: null,
    bsn: null,
    marital_status: null,
    wedding_date: null,
    divorce_date: null,
    date_deceased: null,
    title: null,
    secondary_title: null,
    salutation: salutation(n),
    phone_work: phoneWork,
    phone_private: null,
    fax_work: null,
    mobile_work: mobileWork,
    mobile_private: null,
    email_work: emailWork,
    email_private: null,
    homepage: null,
    correspondence: true,
    preferred_medium: 'EMA',
    remark: null,
    status: null,
    linkedin: rng.chance(0.25)
      ? `https://www.linkedin.com/in/${n.first.slug}-${n.surname.slug}-${rng.hex(6).toLowerCase()}`
      : null,
    language: 'NL',
    legislative_country: 'NL',
    portal_access: false,
    portal_email: null,
    address_id: addressId,
    postal_address_id: null,
    image_id: null,
    image_name: null,
    image_mime: null,
    image_data: null,
  };
}
