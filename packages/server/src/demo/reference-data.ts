// Fixed code tables of the demo environment: administrations, journals, ledger accounts, VAT codes, dossier types.
// Plain data, the same for every seed and size; must not draw random numbers.

export const ADMINISTRATIONS: readonly { code: string; name: string }[] = [
  { code: 'DEMO', name: 'Demo Bedrijf B.V.' },
  { code: 'DEMOSERV', name: 'Demo Services B.V.' },
  { code: 'DEMOHOLD', name: 'Demo Holding B.V.' },
];

/** Journals every administration has; `type` B bank, V sales, I purchases, M memorial. */
export const JOURNALS: readonly { code: string; description: string; type: string; account: string | null }[] = [
  { code: 'VK', description: 'Verkoopboek', type: 'V', account: '1300' },
  { code: 'IK', description: 'Inkoopboek', type: 'I', account: '1600' },
  { code: 'BK', description: 'Bank ABN AMRO', type: 'B', account: '1100' },
  { code: 'MEM', description: 'Memoriaal', type: 'M', account: null },
  { code: 'SAL', description: 'Salarisjournaal', type: 'M', account: null },
];

export interface LedgerAccount {
  readonly account: string;
  readonly description: string;
  /** B balance sheet, W profit and loss. */
  readonly type: 'B' | 'W';
  /** GB ledger, DEB debtors, CRE creditors, BNK bank, BTW VAT. */
  readonly sort: string;
  readonly vatCode?: string;
}

const ledger = (account: string, description: string, type: 'B' | 'W', sort = 'GB', vatCode?: string): LedgerAccount =>
  vatCode === undefined ? { account, description, type, sort } : { account, description, type, sort, vatCode };

export const LEDGER_ACCOUNTS: readonly LedgerAccount[] = [
  ledger('0100', 'Gebouwen', 'B'),
  ledger('0200', 'Inventaris', 'B'),
  ledger('0300', 'Vervoermiddelen', 'B'),
  ledger('0400', 'Computers en randapparatuur', 'B'),
  ledger('0900', 'Eigen vermogen', 'B'),
  ledger('0950', 'Resultaat lopend boekjaar', 'B'),
  ledger('1000', 'Kas', 'B', 'BNK'),
  ledger('1100', 'Bank ABN AMRO', 'B', 'BNK'),
  ledger('1110', 'Bank Rabobank', 'B', 'BNK'),
  ledger('1120', 'Spaarrekening', 'B', 'BNK'),
  ledger('1300', 'Debiteuren', 'B', 'DEB'),
  ledger('1310', 'Voorziening dubieuze debiteuren', 'B'),
  ledger('1400', 'Af te dragen loonheffing', 'B'),
  ledger('1410', 'Af te dragen pensioenpremies', 'B'),
  ledger('1420', 'Te betalen nettolonen', 'B'),
  ledger('1500', 'Te betalen btw hoog', 'B', 'BTW'),
  ledger('1510', 'Te betalen btw laag', 'B', 'BTW'),
  ledger('1520', 'Te vorderen btw', 'B', 'BTW'),
  ledger('1530', 'Btw verlegd', 'B', 'BTW'),
  ledger('1590', 'Afdracht btw', 'B', 'BTW'),
  ledger('1600', 'Crediteuren', 'B', 'CRE'),
  ledger('1700', 'Vooruitbetaalde kosten', 'B'),
  ledger('1800', 'Nog te betalen kosten', 'B'),
  ledger('1900', 'Tussenrekening', 'B'),
  ledger('3000', 'Voorraad handelsgoederen', 'B'),
  ledger('3100', 'Onderhanden werk', 'B'),
  ledger('4000', 'Brutolonen', 'W'),
  ledger('4010', 'Sociale lasten', 'W'),
  ledger('4020', 'Pensioenlasten', 'W'),
  ledger('4030', 'Reiskostenvergoeding', 'W'),
  ledger('4040', 'Opleidingskosten', 'W', 'GB', '5'),
  ledger('4100', 'Huur bedrijfsruimte', 'W', 'GB', '5'),
  ledger('4110', 'Gas, water en elektra', 'W', 'GB', '5'),
  ledger('4120', 'Schoonmaakkosten', 'W', 'GB', '5'),
  ledger('4200', 'Autokosten', 'W', 'GB', '5'),
  ledger('4210', 'Brandstof', 'W', 'GB', '5'),
  ledger('4220', 'Leasekosten', 'W', 'GB', '5'),
  ledger('4300', 'Kantoorbenodigdheden', 'W', 'GB', '5'),
  ledger('4310', 'Telefoon en internet', 'W', 'GB', '5'),
  ledger('4320', 'Software en licenties', 'W', 'GB', '5'),
  ledger('4400', 'Verkoopkosten', 'W', 'GB', '5'),
  ledger('4410', 'Reclame en advertenties', 'W', 'GB', '5'),
  ledger('4500', 'Advieskosten', 'W', 'GB', '5'),
  ledger('4510', 'Accountantskosten', 'W', 'GB', '5'),
  ledger('4600', 'Afschrijvingen', 'W'),
  ledger('4900', 'Overige kosten', 'W', 'GB', '5'),
  ledger('7000', 'Inkoopwaarde van de omzet', 'W', 'GB', '5'),
  ledger('8000', 'Omzet hoog tarief', 'W', 'GB', '1'),
  ledger('8010', 'Omzet laag tarief', 'W', 'GB', '2'),
  ledger('8020', 'Omzet onbelast', 'W', 'GB', '3'),
  ledger('8100', 'Omzet diensten', 'W', 'GB', '1'),
  ledger('8900', 'Betalingskortingen', 'W'),
  ledger('9000', 'Rentebaten', 'W'),
  ledger('9100', 'Rentelasten en bankkosten', 'W'),
];

export interface VatCode {
  readonly code: string;
  readonly description: string;
  readonly account: string | null;
  readonly percentage: number;
  readonly blocked: boolean;
  readonly method: string;
  readonly type: 'V' | 'I';
}

export const VAT_CODES: readonly VatCode[] = [
  { code: '0', description: 'Geen btw', account: null, percentage: 0, blocked: false, method: 'G', type: 'V' },
  {
    code: '1',
    description: 'Btw hoog verkoop',
    account: '1500',
    percentage: 21,
    blocked: false,
    method: 'P',
    type: 'V',
  },
  {
    code: '2',
    description: 'Btw laag verkoop',
    account: '1510',
    percentage: 9,
    blocked: false,
    method: 'P',
    type: 'V',
  },
  { code: '3', description: 'Btw 0% verkoop', account: '1500', percentage: 0, blocked: false, method: 'P', type: 'V' },
  {
    code: '4',
    description: 'Btw verlegd verkoop',
    account: '1530',
    percentage: 0,
    blocked: false,
    method: 'V',
    type: 'V',
  },
  {
    code: '5',
    description: 'Btw hoog inkoop',
    account: '1520',
    percentage: 21,
    blocked: false,
    method: 'P',
    type: 'I',
  },
  { code: '6', description: 'Btw laag inkoop', account: '1520', percentage: 9, blocked: false, method: 'P', type: 'I' },
  {
    code: '7',
    description: 'Btw laag verkoop (6%, tot 2019)',
    account: '1510',
    percentage: 6,
    blocked: true,
    method: 'P',
    type: 'V',
  },
];

/** Dossier item types; `employee` says whether items of the type are filed with employees or with relations. */
export const SUBJECT_TYPES: readonly { id: number; description: string; employee: boolean; subjects: string[] }[] = [
  {
    id: 1,
    description: 'Notitie',
    employee: true,
    subjects: ['Adreswijziging doorgegeven', 'Afspraak genoteerd', 'Notitie n.a.v. gesprek'],
  },
  {
    id: 2,
    description: 'Telefoongesprek',
    employee: false,
    subjects: ['Vraag over factuur', 'Terugbelverzoek', 'Levertijd nagevraagd'],
  },
  {
    id: 3,
    description: 'E-mail',
    employee: false,
    subjects: ['Bevestiging bestelling', 'Vraag over offerte', 'Wijziging contactpersoon'],
  },
  {
    id: 4,
    description: 'Brief',
    employee: false,
    subjects: ['Aanmaning', 'Prijswijziging per 1 januari', 'Opzegging contract'],
  },
  {
    id: 5,
    description: 'Verzuimmelding',
    employee: true,
    subjects: ['Ziekmelding', 'Herstelmelding', 'Verzuimgesprek'],
  },
  {
    id: 6,
    description: 'Functioneringsgesprek',
    employee: true,
    subjects: ['Functioneringsgesprek', 'Beoordelingsgesprek', 'Loopbaangesprek'],
  },
  {
    id: 7,
    description: 'Contract',
    employee: true,
    subjects: ['Arbeidsovereenkomst', 'Contractverlenging', 'Wijziging arbeidsduur'],
  },
  {
    id: 8,
    description: 'Klacht',
    employee: false,
    subjects: ['Klacht over levering', 'Klacht over kwaliteit', 'Beschadigd geleverd'],
  },
  {
    id: 9,
    description: 'Offerte',
    employee: false,
    subjects: ['Offerte onderhoudscontract', 'Offerte kantoorinrichting', 'Offerte training'],
  },
  {
    id: 10,
    description: 'Taak',
    employee: true,
    subjects: ['Cursus BHV aanvragen', 'Laptop inleveren', 'Toegangspas aanvragen'],
  },
];
