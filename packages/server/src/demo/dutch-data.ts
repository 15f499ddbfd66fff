// Word lists for realistic Dutch demo data: names (with prefixes and diacritics), streets, cities, banks, products.
// Plain data plus slugs precomputed once at load; must not draw random numbers or build rows.

/** ASCII lower-case letters only, for e-mail addresses and user codes ("Özdemir" -> "ozdemir"). */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ı/g, 'i')
    .replace(/ø/g, 'o')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

export interface FirstName {
  readonly name: string;
  readonly slug: string;
}

export interface Surname {
  /** The prefix (tussenvoegsel) or null: "van der", "de", "in 't". */
  readonly prefix: string | null;
  readonly last: string;
  /** Prefix and name joined, for addresses: "vandermeer". */
  readonly slug: string;
  /** Upper-case search name, at most 10 characters, as Profit derives it from the last name. */
  readonly searchName: string;
}

const firstNames = (names: string[]): FirstName[] => names.map((name) => ({ name, slug: slug(name) }));

// biome-ignore format: a word list reads better packed than one entry per line
export const MALE_FIRST_NAMES: readonly FirstName[] = firstNames([
  'Jan', 'Pieter', 'Kees', 'Henk', 'Willem', 'Johan', 'Gerrit', 'Bas', 'Thijs', 'Daan', 'Sem', 'Lucas', 'Levi',
  'Finn', 'Milan', 'Jesse', 'Luuk', 'Bram', 'Tim', 'Ruben', 'Lars', 'Jeroen', 'Martijn', 'Mark', 'Dennis', 'Sander',
  'Niels', 'Stefan', 'Wouter', 'Joost', 'Erik', 'Frank', 'Hans', 'Maarten', 'Rik', 'Koen', 'Sven', 'Teun', 'Noah',
  'Mees', 'Mohamed', 'Ahmed', 'Youssef', 'Mehmet', 'Emre', 'Noël', 'Joël', 'Raphaël', 'René', 'André', 'Björn',
  'Jürgen', 'Søren', 'José', 'Sébastien', 'Frédéric', 'Diederik', 'Hendrik', 'Cornelis', 'Arjen',
]);

// biome-ignore format: a word list reads better packed than one entry per line
export const FEMALE_FIRST_NAMES: readonly FirstName[] = firstNames([
  'Anna', 'Emma', 'Julia', 'Sophie', 'Sanne', 'Lotte', 'Lisa', 'Fleur', 'Eva', 'Sara', 'Tess', 'Saar', 'Nina', 'Isa',
  'Fenna', 'Mila', 'Noor', 'Lieke', 'Femke', 'Marieke', 'Ingrid', 'Petra', 'Monique', 'Linda', 'Esther', 'Annemiek',
  'Marloes', 'Willemijn', 'Anouk', 'Iris', 'Yara', 'Fatima', 'Aïcha', 'Ayşe', 'Zeynep', 'Zoë', 'Anaïs', 'Chloë',
  'Daniëlle', 'Hélène', 'Loïs', 'Noëlle', 'Inés', 'Maëlle', 'Renée', 'Mariëlle', 'Ilse', 'Janneke', 'Roos', 'Merel',
  'Elif', 'Geertruida', 'Hanneke', 'Jolanda',
]);

/** Neutral first names, for persons whose gender is X or unknown. */
export const NEUTRAL_FIRST_NAMES: readonly FirstName[] = firstNames([
  'Robin',
  'Sam',
  'Kim',
  'Charlie',
  'Noa',
  'Jip',
  'Sasha',
  'Lou',
]);

const surname = (prefix: string, last: string): Surname => ({
  prefix: prefix === '' ? null : prefix,
  last,
  slug: slug(prefix + last),
  searchName: last.toUpperCase().slice(0, 10),
});

// biome-ignore format: a word list reads better packed than one entry per line
export const SURNAMES: readonly Surname[] = [
  ['', 'Jansen'], ['de', 'Jong'], ['de', 'Vries'], ['van den', 'Berg'], ['van', 'Dijk'], ['', 'Bakker'],
  ['', 'Janssen'], ['', 'Visser'], ['', 'Smit'], ['', 'Meijer'], ['de', 'Boer'], ['', 'Mulder'], ['de', 'Groot'],
  ['', 'Bos'], ['', 'Vos'], ['', 'Peters'], ['', 'Hendriks'], ['van', 'Leeuwen'], ['', 'Dekker'], ['', 'Brouwer'],
  ['de', 'Wit'], ['', 'Dijkstra'], ['', 'Smits'], ['de', 'Graaf'], ['van der', 'Meer'], ['van der', 'Linden'],
  ['', 'Kok'], ['', 'Jacobs'], ['de', 'Haan'], ['', 'Vermeulen'], ['van den', 'Heuvel'], ['van der', 'Veen'],
  ['van den', 'Broek'], ['de', 'Bruijn'], ['de', 'Bruin'], ['van der', 'Heijden'], ['', 'Schouten'], ['van', 'Beek'],
  ['', 'Willems'], ['van', 'Vliet'], ['van de', 'Ven'], ['', 'Hoekstra'], ['', 'Maas'], ['', 'Verhoeven'],
  ['', 'Koster'], ['van', 'Dam'], ['van der', 'Wal'], ['', 'Prins'], ['', 'Blom'], ['', 'Huisman'], ['', 'Peeters'],
  ["in 't", 'Veld'], ["van 't", 'Hof'], ['ter', 'Horst'], ['ten', 'Cate'], ['op de', 'Beek'], ['', 'Özdemir'],
  ['', 'Çelik'], ['', 'Yılmaz'], ['', 'Şahin'], ['', 'Kaya'], ['', 'Demir'], ['', 'El Amrani'], ['', 'Bouzid'],
  ['', 'Nguyễn'], ['', 'Müller'], ['', 'Schröder'], ['', 'Brontë'], ['', 'Lefèvre'], ['', 'Gonçalves'],
  ['', 'Kowalski'], ['', 'Wójcik'], ['', 'Jovanović'], ['', 'Hoogendoorn'], ['', 'Zwart'], ['van', 'Rijn'],
  ['', 'Sluijter'], ['', 'Groen'], ['', 'Kuipers'], ['', 'Veenstra'], ['', 'Postma'], ['van', 'Wijk'],
  ['', 'IJzerman'], ['', "D'Hondt"], ['', 'Ruiz-López'], ['van', 'Oranje-Nassau'], ['', 'Hoogeveen'],
].map(([prefix, last]) => surname(prefix as string, last as string));

export interface City {
  readonly name: string;
  /** Range of the four postcode digits in use in the city. */
  readonly zipFrom: number;
  readonly zipTo: number;
  /** Trunk prefix and area code: 3 characters ("020") leave 7 subscriber digits, 4 ("0570") leave 6. */
  readonly areaCode: string;
}

const city = (name: string, zipFrom: number, zipTo: number, areaCode: string): City => ({
  name,
  zipFrom,
  zipTo,
  areaCode,
});

// biome-ignore format: a word list reads better packed than one entry per line
export const CITIES: readonly City[] = [
  city('Amsterdam', 1011, 1109, '020'), city('Rotterdam', 3011, 3089, '010'), city('Den Haag', 2491, 2597, '070'),
  city('Utrecht', 3511, 3585, '030'), city('Eindhoven', 5611, 5658, '040'), city('Groningen', 9711, 9747, '050'),
  city('Tilburg', 5011, 5049, '013'), city('Almere', 1311, 1364, '036'), city('Breda', 4811, 4839, '076'),
  city('Nijmegen', 6511, 6546, '024'), city('Apeldoorn', 7311, 7339, '055'), city('Haarlem', 2011, 2037, '023'),
  city('Arnhem', 6811, 6846, '026'), city('Enschede', 7511, 7548, '053'), city('Amersfoort', 3811, 3829, '033'),
  city('Zaandam', 1501, 1509, '075'), city("'s-Hertogenbosch", 5211, 5237, '073'), city('Zwolle', 8011, 8043, '038'),
  city('Leiden', 2311, 2334, '071'), city('Maastricht', 6211, 6229, '043'), city('Dordrecht', 3311, 3329, '078'),
  city('Leeuwarden', 8911, 8939, '058'), city('Alkmaar', 1811, 1827, '072'), city('Delft', 2611, 2629, '015'),
  city('Deventer', 7411, 7429, '0570'), city('Hilversum', 1211, 1223, '035'), city('Gouda', 2801, 2809, '0182'),
  city('Middelburg', 4331, 4339, '0118'), city('Venlo', 5911, 5932, '077'), city('Emmen', 7811, 7828, '0591'),
  city('Assen', 9401, 9411, '0592'), city('Lelystad', 8211, 8245, '0320'), city('Heerlen', 6411, 6431, '045'),
  city('Helmond', 5701, 5709, '0492'), city('Ede', 6711, 6719, '0318'), city('Zeist', 3701, 3709, '030'),
  city('Sneek', 8601, 8608, '0515'), city('Hoorn', 1621, 1628, '0229'), city('Roermond', 6041, 6049, '0475'),
  city('Bergen op Zoom', 4611, 4625, '0164'),
];

// biome-ignore format: a word list reads better packed than one entry per line
export const STREETS: readonly string[] = [
  'Kerkstraat', 'Dorpsstraat', 'Hoofdstraat', 'Molenweg', 'Stationsweg', 'Schoolstraat', 'Julianastraat',
  'Beatrixlaan', 'Wilhelminastraat', 'Nieuweweg', 'Kastanjelaan', 'Eikenlaan', 'Lindenlaan', 'Beukenlaan',
  'Berkenlaan', 'Prinses Irenestraat', 'Oranjestraat', 'Parallelweg', 'Industrieweg', 'Sportlaan', 'Van Goghstraat',
  'Rembrandtlaan', 'Vondelstraat', 'Prinsengracht', 'Keizersgracht', 'Herengracht', 'Singel', 'Damrak',
  'Coolsingel', 'Lange Voorhout', 'Oudegracht', 'Vismarkt', 'Grote Markt', 'Burgemeester de Withstraat',
  'Jan Steenstraat', 'Frans Halsstraat', 'Vermeerstraat', 'Thorbeckelaan', 'Marktplein', 'Tuinstraat', 'Zandweg',
  'Veldweg', 'Bosweg', 'Dijkweg', 'Havenstraat', 'Rozengracht', 'Vijzelstraat', 'Wagenweg', 'Achterom',
  'Kloosterstraat', 'Poststraat', 'Raadhuisstraat', 'Spoorlaan', 'Emmalaan', 'Curaçaostraat', 'Paramaribostraat',
  'Willem Barentszstraat', 'Admiraal de Ruyterweg', 'Piet Heinkade', 'Laan van Meerdervoort', 'Churchillplein',
  'Maliebaan', 'Stadhuisplein', 'Burgwal', 'Nieuwe Binnenweg', 'Catharijnesingel',
];

/** A few foreign places, for organisations abroad (their postcodes follow their own country's form). */
export const FOREIGN_PLACES: readonly { country: string; city: string; zip: string; street: string }[] = [
  { country: 'B', city: 'Antwerpen', zip: '2000', street: 'Meir' },
  { country: 'B', city: 'Gent', zip: '9000', street: 'Kouter' },
  { country: 'B', city: 'Liège', zip: '4000', street: 'Rue Léopold' },
  { country: 'D', city: 'Düsseldorf', zip: '40213', street: 'Königsallee' },
  { country: 'D', city: 'Köln', zip: '50667', street: 'Hohe Straße' },
  { country: 'D', city: 'Münster', zip: '48143', street: 'Prinzipalmarkt' },
];

export const HOUSE_NUMBER_ADDITIONS: readonly string[] = ['A', 'B', 'C', '-1', '-2', '-3', '-H', 'bis', '-I', '-II'];

/** Postcode letters: PostNL does not use F, I, O, Q, U and Y. */
export const POSTCODE_LETTERS = 'ABCDEGHJKLMNPRSTVWXZ';

export interface Country {
  readonly code: string;
  readonly name: string;
  readonly iso: string;
  readonly eu: boolean;
}

/** Profit's country codes are the old licence-plate codes (NL, B, D, ...), not ISO codes. */
export const COUNTRIES: readonly Country[] = [
  { code: 'NL', name: 'Nederland', iso: 'NL', eu: true },
  { code: 'B', name: 'België', iso: 'BE', eu: true },
  { code: 'D', name: 'Duitsland', iso: 'DE', eu: true },
  { code: 'F', name: 'Frankrijk', iso: 'FR', eu: true },
  { code: 'GB', name: 'Verenigd Koninkrijk', iso: 'GB', eu: false },
  { code: 'L', name: 'Luxemburg', iso: 'LU', eu: true },
  { code: 'E', name: 'Spanje', iso: 'ES', eu: true },
  { code: 'I', name: 'Italië', iso: 'IT', eu: true },
  { code: 'PL', name: 'Polen', iso: 'PL', eu: true },
  { code: 'TR', name: 'Turkije', iso: 'TR', eu: false },
  { code: 'MA', name: 'Marokko', iso: 'MA', eu: false },
  { code: 'US', name: 'Verenigde Staten', iso: 'US', eu: false },
  { code: 'CH', name: 'Zwitserland', iso: 'CH', eu: false },
  { code: 'CW', name: 'Curaçao', iso: 'CW', eu: false },
];

export interface Bank {
  readonly code: string;
  readonly bic: string;
  readonly name: string;
}

export const BANKS: readonly Bank[] = [
  { code: 'ABNA', bic: 'ABNANL2A', name: 'ABN AMRO Bank' },
  { code: 'RABO', bic: 'RABONL2U', name: 'Rabobank' },
  { code: 'INGB', bic: 'INGBNL2A', name: 'ING Bank' },
  { code: 'SNSB', bic: 'SNSBNL2A', name: 'SNS' },
  { code: 'TRIO', bic: 'TRIONL2U', name: 'Triodos Bank' },
  { code: 'ASNB', bic: 'ASNBNL21', name: 'ASN Bank' },
  { code: 'KNAB', bic: 'KNABNL2H', name: 'Knab' },
  { code: 'BUNQ', bic: 'BUNQNL2A', name: 'bunq' },
  { code: 'RBRB', bic: 'RBRBNL21', name: 'RegioBank' },
];

// biome-ignore format: a word list reads better packed than one entry per line
export const PRIVATE_MAIL_DOMAINS: readonly string[] = [
  'gmail.com', 'hotmail.com', 'outlook.com', 'ziggo.nl', 'kpnmail.nl', 'xs4all.nl', 'live.nl', 'icloud.com', 'planet.nl',
];

/** Parts of organisation names: "<region> <trade> B.V.", "<Surname> <trade>", "Stichting <region> <care>". */
// biome-ignore format: a word list reads better packed than one entry per line
export const ORG_REGIONS: readonly string[] = [
  'Noord', 'Zuid', 'Oost', 'West', 'Holland', 'Delta', 'Polder', 'Rijn', 'Maas', 'IJssel', 'Veluwe', 'Kempen',
  'Brabant', 'Friese', 'Twente', 'Zeeuwse', 'Amstel', 'Vecht', 'Eem', 'Waal', 'Duin', 'Hanze', 'Lage Landen',
];

// biome-ignore format: a word list reads better packed than one entry per line
export const ORG_TRADES: readonly string[] = [
  'Bouw', 'Techniek', 'Installatietechniek', 'Logistiek', 'Transport', 'Advies', 'ICT', 'Software', 'Groep',
  'Holding', 'Metaal', 'Houtbewerking', 'Schilders', 'Accountants', 'Makelaardij', 'Catering', 'Schoonmaak',
  'Beveiliging', 'Media', 'Design', 'Energie', 'Hoveniers', 'Kozijnen', 'Elektro', 'Vastgoed', 'Consultancy',
  'Dakwerken', 'Automatisering', 'Bakkerij', 'Drukkerij', 'Brasserie', 'Café-Restaurant', 'Crèches', 'Garage',
];

export const ORG_CARE: readonly string[] = ['Zorggroep', 'Thuiszorg', 'Welzijn', 'Kinderopvang', 'Onderwijsgroep'];

export interface LegalForm {
  /** KvK-style legal form code as Profit's code table lists it. */
  readonly code: string;
  /** Text added to the name (before or after), or '' for none. */
  readonly suffix: string;
}

export const LEGAL_FORMS: readonly LegalForm[] = [
  { code: '40', suffix: 'B.V.' },
  { code: '40', suffix: 'B.V.' },
  { code: '40', suffix: 'B.V.' },
  { code: '50', suffix: 'N.V.' },
  { code: '20', suffix: 'V.O.F.' },
  { code: '01', suffix: '' },
];

// biome-ignore format: a word list reads better packed than one entry per line
export const DEPARTMENTS: readonly [code: string, name: string][] = [
  ['DIR', 'Directie'], ['HRM', 'Human Resources'], ['FIN', 'Financiën'], ['ICT', 'ICT'], ['VRK', 'Verkoop'],
  ['INK', 'Inkoop'], ['MKT', 'Marketing & Communicatie'], ['KLS', 'Klantenservice'], ['LOG', 'Logistiek'],
  ['MAG', 'Magazijn'], ['PRD', 'Productie'], ['KWA', 'Kwaliteit'], ['RND', 'Research & Development'],
  ['JUR', 'Juridische zaken'], ['FAC', 'Facilitaire dienst'], ['PLN', 'Planning'], ['TDI', 'Technische dienst'],
  ['SEC', 'Secretariaat'], ['CTR', 'Control'], ['PRJ', 'Projectbureau'],
];

/** Job titles with the monthly full-time salary range (euros) that goes with them. */
// biome-ignore format: a word list reads better packed than one entry per line
export const FUNCTIONS: readonly [name: string, minSalary: number, maxSalary: number][] = [
  ['Algemeen directeur', 8500, 12500], ['Financieel directeur', 7500, 11000], ['HR-manager', 5200, 7200],
  ['HR-adviseur', 3800, 5200], ['Salarisadministrateur', 3000, 4200], ['Controller', 5000, 7000],
  ['Financieel medewerker', 2800, 3900], ['Boekhouder', 2900, 4000], ['Applicatiebeheerder', 3600, 5000],
  ['Systeembeheerder', 3500, 5000], ['Softwareontwikkelaar', 3800, 6200], ['Data-analist', 3900, 5800],
  ['Accountmanager', 3500, 5500], ['Binnendienstmedewerker', 2600, 3400], ['Verkoopleider', 4500, 6500],
  ['Inkoper', 3400, 4800], ['Marketingmedewerker', 3000, 4200], ['Communicatieadviseur', 3600, 5000],
  ['Klantenservicemedewerker', 2400, 3100], ['Teamleider klantenservice', 3400, 4400], ['Logistiek medewerker', 2400, 3000],
  ['Chauffeur', 2500, 3200], ['Magazijnmedewerker', 2300, 2900], ['Heftruckchauffeur', 2400, 3000],
  ['Productiemedewerker', 2300, 3000], ['Operator', 2600, 3500], ['Kwaliteitsmedewerker', 3000, 4000],
  ['Onderzoeker', 4000, 6000], ['Juridisch adviseur', 4200, 6200], ['Facilitair medewerker', 2400, 3100],
  ['Receptioniste', 2300, 2900], ['Planner', 3000, 4100], ['Monteur', 2700, 3700], ['Elektricien', 2800, 3800],
  ['Projectleider', 4500, 6500], ['Projectmedewerker', 3200, 4300], ['Managementassistent', 3000, 4000],
  ['Office manager', 3300, 4500], ['Stagiair', 500, 800], ['Trainee', 2800, 3300],
];

export interface ProductTemplate {
  readonly name: string;
  readonly group: string;
  readonly unit: string;
  readonly minPrice: number;
  readonly maxPrice: number;
  /** VAT rate group: HOOG 21 %, LAAG 9 %, NUL 0 %. */
  readonly vat: 'HOOG' | 'LAAG' | 'NUL';
  /** Physical goods track stock and have a weight; services do not. */
  readonly stock: boolean;
}

const product = (
  name: string,
  group: string,
  unit: string,
  minPrice: number,
  maxPrice: number,
  vat: ProductTemplate['vat'] = 'HOOG',
  stock = true,
): ProductTemplate => ({ name, group, unit, minPrice, maxPrice, vat, stock });

// biome-ignore format: a word list reads better packed than one entry per line
export const PRODUCTS: readonly ProductTemplate[] = [
  product('Bureaustoel ergonomisch', 'MEUBILAIR', 'stk', 150, 650), product('Bureau zit-sta', 'MEUBILAIR', 'stk', 350, 1200),
  product('Vergadertafel', 'MEUBILAIR', 'stk', 400, 1800), product('Archiefkast', 'MEUBILAIR', 'stk', 180, 600),
  product('Café-tafel rond', 'MEUBILAIR', 'stk', 120, 380), product('Laptop 14 inch', 'IT', 'stk', 700, 2500),
  product('Beeldscherm 27 inch', 'IT', 'stk', 180, 650), product('Dockingstation USB-C', 'IT', 'stk', 90, 280),
  product('Toetsenbord', 'IT', 'stk', 20, 140), product('Muis draadloos', 'IT', 'stk', 15, 90),
  product('Headset', 'IT', 'stk', 40, 260), product('Netwerkkabel Cat6 5 m', 'IT', 'stk', 4, 15),
  product('Printerpapier A4 500 vel', 'KANTOOR', 'pak', 4, 9), product('Pennen blauw 10 stuks', 'KANTOOR', 'doos', 3, 12),
  product('Nietjes 24/6', 'KANTOOR', 'doos', 1, 4), product('Ordner A4 80 mm', 'KANTOOR', 'stk', 2, 6),
  product('Whiteboardstiften', 'KANTOOR', 'set', 5, 14), product('Koffiebonen', 'CATERING', 'kg', 12, 30, 'LAAG'),
  product('Thee assortiment', 'CATERING', 'doos', 6, 18, 'LAAG'), product('Melk halfvol', 'CATERING', 'l', 1, 2, 'LAAG'),
  product('Stroopwafels', 'CATERING', 'pak', 2, 5, 'LAAG'), product('Crème brûlée (dessert)', 'CATERING', 'stk', 3, 7, 'LAAG'),
  product('Handzeep', 'SCHOONMAAK', 'l', 3, 9), product('Papieren handdoeken', 'SCHOONMAAK', 'doos', 18, 45),
  product('Vuilniszakken 120 l', 'SCHOONMAAK', 'rol', 6, 15), product('Veiligheidsschoenen S3', 'PBM', 'paar', 60, 160),
  product('Werkhandschoenen', 'PBM', 'paar', 3, 12), product('Helm EN 397', 'PBM', 'stk', 12, 45),
  product('Boek: Coördinatie in de praktijk', 'BOEKEN', 'stk', 20, 55, 'LAAG'),
  product('Consultancy', 'DIENSTEN', 'uur', 85, 175, 'HOOG', false), product('Installatie op locatie', 'DIENSTEN', 'uur', 65, 120, 'HOOG', false),
  product('Onderhoudscontract', 'DIENSTEN', 'jaar', 450, 2400, 'HOOG', false), product('Training', 'DIENSTEN', 'dag', 395, 1250, 'NUL', false),
];

export const PRODUCT_VARIANTS: readonly string[] = [
  'zwart',
  'wit',
  'grijs',
  'blauw',
  'rood',
  'eiken',
  'antraciet',
  'Basic',
  'Pro',
  'Premium',
  'XL',
  'Compact',
];

export const REMARKS: readonly string[] = [
  'Let op: werkt op maandag thuis.',
  'Voorkeur voor contact per e-mail.',
  'Spreekt Frans en Duits.',
  'Heeft parkeervergunning P2.',
  'Cliënt gaf aan dat de levering te laat was; coördinatie met logistiek.',
  'Factuur altijd t.a.v. crediteurenadministratie.',
  'BHV’er en EHBO’er.',
  'Niet bellen tussen 12:00 en 13:00 uur.',
  'Oud-medewerker, opnieuw in dienst.',
];
