// Word lists the anonymiser draws fake values from: Dutch first names, surnames, places, streets and trades.
// Disjoint from the demo generator's lists (demo/dutch-data.ts; a test holds them apart), so that no original value
// of a demo company can come back as another person's fake. Plain data only.

// biome-ignore format: a word list reads better packed than one entry per line
export const FAKE_FIRST_NAMES: readonly string[] = [
  'Aart', 'Barend', 'Cor', 'Dirk', 'Evert', 'Floris', 'Gijs', 'Harm', 'Ids', 'Jelle', 'Klaas', 'Lammert', 'Meindert',
  'Nico', 'Otto', 'Pim', 'Reinier', 'Siebe', 'Tjeerd', 'Ubbo', 'Victor', 'Wessel', 'Ype', 'Zeger', 'Auke', 'Bauke',
  'Douwe', 'Folkert', 'Geert', 'Hidde', 'Jorrit', 'Kasper', 'Lodewijk', 'Marten', 'Olof', 'Rutger', 'Sjoerd',
  'Tijmen', 'Valentijn', 'Wiebe', 'Alida', 'Baukje', 'Cato', 'Dieuwke', 'Elsje', 'Froukje', 'Grietje', 'Hilde',
  'Imke', 'Jikke', 'Klaasje', 'Lysbeth', 'Mieke', 'Nelleke', 'Oda', 'Pietje', 'Rixt', 'Sietske', 'Trijntje', 'Vera',
  'Wietske', 'Ytje', 'Aagje', 'Berber', 'Dorien', 'Evelien', 'Gonda', 'Hester', 'Jorien', 'Karlijn', 'Liesbeth',
  'Marjolein', 'Nienke', 'Odile', 'Riek', 'Sientje', 'Tineke', 'Wendelien',
];

// biome-ignore format: a word list reads better packed than one entry per line
export const FAKE_SURNAMES: readonly string[] = [
  'Aalbers', 'Bakhuis', 'Claassen', 'Doornbos', 'Eikelboom', 'Feenstra', 'Gorter', 'Haverkamp', 'Idema', 'Jellema',
  'Kloosterman', 'Lubbers', 'Mensink', 'Nijboer', 'Oosterhuis', 'Pranger', 'Rademaker', 'Stoffels', 'Terpstra',
  'Uiterwijk', 'Vellinga', 'Wiersma', 'Zijlstra', 'Boersma', 'Kamminga', 'Hettema', 'Scholten', 'Tuinman',
  'Wolters', 'Ruiter', 'Kruithof', 'Lageveen', 'Mooiman', 'Nauta', 'Oudeman', 'Popma', 'Reitsma', 'Sikkema',
  'Talsma', 'Veltman', 'Wagenaar', 'Ypma', 'Zandstra', 'Bijlsma', 'Coolen', 'Elzinga', 'Faber', 'Galama',
  'Hofstede', 'Kooistra', 'Lamberts', 'Molenkamp', 'Nieuwenhuis', 'Otten', 'Rozema', 'Spijker', 'Tammeling',
  'Vrieling', 'Weening', 'Brinkman',
];

/** Dutch places that the demo's CITIES do not hold. */
// biome-ignore format: a word list reads better packed than one entry per line
export const FAKE_CITIES: readonly string[] = [
  'Oosterwolde', 'Winschoten', 'Steenwijk', 'Tiel', 'Culemborg', 'Harderwijk', 'Kampen', 'Meppel', 'Harlingen',
  'Dokkum', 'Vlissingen', 'Goes', 'Zierikzee', 'Oss', 'Uden', 'Boxtel', 'Weert', 'Sittard', 'Doetinchem',
  'Winterswijk', 'Zutphen', 'Hardenberg', 'Coevorden', 'Veendam', 'Stadskanaal', 'Schagen', 'Purmerend', 'Woerden',
  'Nieuwegein', 'Houten', 'Veenendaal', 'Wageningen', 'Barneveld', 'Nunspeet', 'Elburg', 'Dronten', 'Heerenveen',
  'Drachten', 'Franeker', 'Bolsward',
];

// biome-ignore format: a word list reads better packed than one entry per line
export const FAKE_STREETS: readonly string[] = [
  'Acaciastraat', 'Anjerlaan', 'Boterbloemweg', 'Dahliastraat', 'Esdoornlaan', 'Fluitekruidweg', 'Goudsbloemstraat',
  'Hazelaarlaan', 'Irisstraat', 'Jasmijnlaan', 'Klaverweg', 'Lavendelstraat', 'Meidoornlaan', 'Narcisweg',
  'Olmenlaan', 'Papaverstraat', 'Ratelaarweg', 'Seringenlaan', 'Tulpstraat', 'Vlierstraat', 'Wilgenlaan',
  'Zonnebloemweg', 'Hortensialaan', 'Berberisstraat', 'Duizendschoonweg', 'Korenbloemlaan', 'Madeliefstraat',
  'Vergeet-mij-nietweg', 'Sleedoornlaan', 'Hulststraat',
];

/** Trades of fake organisation names ("Terpstra Advieswerk B.V."). */
// biome-ignore format: a word list reads better packed than one entry per line
export const FAKE_TRADES: readonly string[] = [
  'Advieswerk', 'Technische Dienst', 'Dienstverlening', 'Handelsonderneming', 'Werkplaats', 'Projecten',
  'Vakwerk', 'Ondernemingen', 'Bedrijven', 'Diensten',
];

/** Lower-case name particles (tussenvoegsels) kept as they are: they identify nobody. */
// biome-ignore format: a word list reads better packed than one entry per line
export const NAME_PARTICLES: ReadonlySet<string> = new Set([
  'van', 'de', 'der', 'den', 'het', "'t", 't', 'te', 'ten', 'ter', 'in', 'op', 'aan', 'bij', 'uit', 'voor', 'onder',
  'la', 'le', 'du', 'da', 'di', 'dos', 'von', 'zu',
]);

/** Words that open a salutation or an attention line; kept, the name after them is replaced. */
// biome-ignore format: a word list reads better packed than one entry per line
export const GREETING_WORDS: ReadonlySet<string> = new Set([
  'geachte', 'beste', 'lieve', 'hallo', 'dear', 'heer', 'mevrouw', 'mr', 'mrs', 'ms', 'dhr', 'mevr', 't.a.v.', 'tav',
  'attn', 'familie', 'fam', 'dr', 'ir', 'ing', 'mr.', 'drs', 'prof',
]);

/** Words that mark a name as an organisation's: kept where they stand, the rest becomes a fake company name. */
// biome-ignore format: a word list reads better packed than one entry per line
export const LEGAL_FORM_WORDS: ReadonlySet<string> = new Set([
  'b.v.', 'bv', 'n.v.', 'nv', 'v.o.f.', 'vof', 'c.v.', 'cv', 'stichting', 'vereniging', 'coöperatie', 'u.a.',
  'holding', 'gmbh', 'ltd', 'inc', 'sa', 's.a.',
]);

/** What replaces free text (remarks, notes, memos). */
export const NEUTRAL_TEXT = 'Tekst vervangen bij het anonimiseren.';

/**
 * Mail domains of fake e-mail addresses: the reserved example domains (RFC 2606), which deliver nothing, so that a
 * test environment can never mail a real person.
 */
export const FAKE_MAIL_DOMAINS: readonly string[] = ['example.com', 'example.net', 'example.org'];
