// Fake values for personal ones: a keyed hash (HMAC-SHA-256 with the seed) of the kind and the normalised original
// picks the fake, so the same original of the same kind becomes the same fake in every table and every run with
// that seed. Knows values and kinds only, never tables or databases.

import { createHmac } from 'node:crypto';
import { completeElevenTest, dutchIban } from '../demo/checksums.ts';
import { BANKS, slug } from '../demo/dutch-data.ts';
import { onePagePdf } from '../demo/one-page-pdf.ts';
import { encodePng, PORTRAIT_SIDE } from '../demo/portraits.ts';
import { imageMimeOf } from '../files/mime-types.ts';
import {
  FAKE_CITIES,
  FAKE_FIRST_NAMES,
  FAKE_MAIL_DOMAINS,
  FAKE_STREETS,
  FAKE_SURNAMES,
  FAKE_TRADES,
  GREETING_WORDS,
  LEGAL_FORM_WORDS,
  NAME_PARTICLES,
  NEUTRAL_TEXT,
} from './fake-words.ts';
import type { PersonalKind } from './personal-columns.ts';

/** The seed when none is given: fixed, so that copies are reproducible. Give your own for data that leaves you. */
export const DEFAULT_ANONYMISE_SEED = 18;

/** Postcode letters PostNL never uses: a fake postcode looks Dutch but is nobody's. */
const UNUSED_POSTCODE_LETTERS = 'FIOQUY';

/** The bytes a keyed hash gave, read as numbers one after another. */
class Draw {
  private at = 0;
  constructor(private bytes: Buffer) {}
  /** A whole number in [0, n); 32 bits per draw, then the hash is stretched by hashing it again. */
  below(n: number): number {
    if (this.at + 4 > this.bytes.length) {
      this.bytes = createHmac('sha256', this.bytes).update('more').digest();
      this.at = 0;
    }
    const value = this.bytes.readUInt32BE(this.at);
    this.at += 4;
    return value % n;
  }
  pick<T>(list: readonly T[]): T {
    return list[this.below(list.length)]!;
  }
  digits(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += String(this.below(10));
    return out;
  }
  hex(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += this.below(16).toString(16);
    return out;
  }
}

const normalise = (value: string) => value.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
const CACHE_LIMIT = 200_000;

export class Anonymiser {
  private readonly key: Buffer;
  private readonly cache = new Map<string, unknown>();

  constructor(seed: number = DEFAULT_ANONYMISE_SEED) {
    this.key = createHmac('sha256', 'appconnector anonymise').update(String(seed)).digest();
  }

  private draw(kind: string, value: string): Draw {
    return new Draw(
      createHmac('sha256', this.key)
        .update(`${kind}\u0000${normalise(value)}`)
        .digest(),
    );
  }

  /**
   * The fake of a value of a kind, cut to `length` characters where the column has one. Null and the empty string
   * stay as they are (absence is not personal); other types than the kind expects are replaced all the same.
   */
  fake(kind: PersonalKind, value: unknown, length?: number): unknown {
    if (value === null || value === undefined || value === '') return value;
    if (value instanceof Uint8Array) return this.fakeBytes(kind, value);
    const text = typeof value === 'string' ? value : String(value);
    const key = `${kind}\u0000${text}`;
    let fake = this.cache.get(key);
    if (fake === undefined) {
      fake = this.fakeOf(kind, text, value);
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(key, fake);
    }
    if (typeof fake === 'string' && length !== undefined && fake.length > length) return fake.slice(0, length);
    return fake;
  }

  private fakeOf(kind: PersonalKind, text: string, value: unknown): unknown {
    switch (kind) {
      case 'firstName':
        return this.firstName(text);
      case 'lastName':
        return this.lastName(text);
      case 'name':
        return this.name(text);
      case 'initials':
        return this.initials(text);
      case 'searchName':
        return this.lastName(text).toUpperCase().slice(0, 10);
      case 'salutation':
        return this.salutation(text);
      case 'userId':
        return text.includes('@') ? this.email(text) : this.userId(text);
      case 'email':
        return this.email(text);
      case 'phone':
        return this.phone(text);
      case 'bsn':
        return this.bsn(text);
      case 'iban':
        return this.iban(text);
      case 'street':
        return this.draw('street', text).pick(FAKE_STREETS);
      case 'houseNumber':
        return typeof value === 'number' ? this.houseNumber(text) : this.mask('houseNumber', text);
      case 'zip':
        return this.zip(text);
      case 'city':
        return this.draw('city', text).pick(FAKE_CITIES);
      case 'address':
        return `${this.draw('street', text).pick(FAKE_STREETS)} ${this.houseNumber(text)}`;
      case 'date':
        return this.date(text);
      case 'text':
        return NEUTRAL_TEXT;
      case 'fileName':
        return this.fileName(text);
      case 'url':
        return this.url(text);
      case 'secret':
        return this.draw('secret', text).hex(Math.max(8, text.length));
      case 'mask':
      case 'picture':
      case 'attachment':
        return this.mask(kind, text);
      case 'fileSize':
      case 'mimeType':
        // Set from the row's replaced file (anonymise-rows.ts); alone they stay.
        return value;
    }
  }

  private firstName(text: string): string {
    return this.draw('firstName', text).pick(FAKE_FIRST_NAMES);
  }

  private lastName(text: string): string {
    return this.draw('lastName', text).pick(FAKE_SURNAMES);
  }

  /**
   * A person's or an organisation's full name. A person's ("Jan de Vries", "De Vries") keeps its particles, its
   * first word (when more follow) becomes the fake of that first name and the rest the fake of that last name, so
   * it matches the fakes of the first_name and last_name columns. "Vries, Jan de" the same, turned round. A name
   * with a legal form (B.V., Stichting) becomes a fake company name keeping the form.
   */
  private name(text: string): string {
    const words = text.trim().split(/\s+/);
    if (words.some((w) => LEGAL_FORM_WORDS.has(w.toLowerCase()))) {
      const draw = this.draw('organisation', text);
      const kept = words.filter((w) => LEGAL_FORM_WORDS.has(w.toLowerCase()));
      const leading = kept.filter((w) => w === words[0]);
      const trailing = kept.filter((w) => w !== words[0]);
      return [...leading, draw.pick(FAKE_SURNAMES), draw.pick(FAKE_TRADES), ...trailing].join(' ');
    }
    const comma = text.indexOf(',');
    if (comma > 0) {
      const last = text.slice(0, comma);
      const rest = text
        .slice(comma + 1)
        .trim()
        .split(/\s+/);
      const firstWords = rest.filter((w) => !NAME_PARTICLES.has(w.toLowerCase()));
      const particles = rest.filter((w) => NAME_PARTICLES.has(w.toLowerCase()));
      const first = firstWords.length > 0 ? this.firstName(firstWords.join(' ')) : '';
      return `${this.lastName(last)}, ${[first, ...particles].filter((w) => w !== '').join(' ')}`.trim();
    }
    const out: string[] = [];
    const nameWords = words.filter((w) => !NAME_PARTICLES.has(w.toLowerCase()));
    let i = 0;
    if (nameWords.length > 1 && !NAME_PARTICLES.has(words[0]!.toLowerCase())) {
      out.push(this.firstName(words[0]!));
      i = 1;
    }
    while (i < words.length && NAME_PARTICLES.has(words[i]!.toLowerCase())) out.push(words[i++]!);
    if (i < words.length) out.push(this.lastName(words.slice(i).join(' ')));
    return out.join(' ');
  }

  /** "J." -> "K.", "J.P." -> "M.T.": the same shape, every letter another one. */
  private initials(text: string): string {
    const draw = this.draw('initials', text);
    return text.replace(/\p{L}/gu, (letter) => {
      const at = letter.toUpperCase().charCodeAt(0) - 65;
      const from = at >= 0 && at < 26 ? at : 0;
      return String.fromCharCode(65 + ((from + 1 + draw.below(25)) % 26));
    });
  }

  /** "Geachte heer De Vries" -> "Geachte heer De Terpstra", "Beste Jan" -> "Beste Gijs": greeting words stay. */
  private salutation(text: string): string {
    const words = text.trim().split(/\s+/);
    let i = 0;
    while (i < words.length && GREETING_WORDS.has(words[i]!.toLowerCase().replace(/[,:]$/, ''))) i++;
    if (i === words.length) return text;
    const rest = words.slice(i).join(' ');
    const informal = i > 0 && ['beste', 'lieve', 'hallo'].includes(words[i - 1]!.toLowerCase());
    const fake = informal && words.length - i === 1 ? this.firstName(rest) : this.name(rest);
    return [...words.slice(0, i), fake].join(' ');
  }

  /** A user code: the fake name's letters and eight hex digits, so different users keep different codes. */
  private userId(text: string): string {
    const draw = this.draw('userId', text);
    return `${slug(draw.pick(FAKE_FIRST_NAMES)).slice(0, 1)}${slug(draw.pick(FAKE_SURNAMES))}${draw.hex(8)}`;
  }

  /** "jan.devries@bedrijf.nl" -> "gijs.terpstra@example.org": the local part from fake names, a domain that mails nobody. */
  private email(text: string): string {
    const at = text.lastIndexOf('@');
    const local = at < 0 ? text : text.slice(0, at);
    const domain = at < 0 ? '' : text.slice(at + 1);
    const words = local.split(/[._+-]+/).filter((w) => w !== '');
    const fakeLocal =
      words.length > 1
        ? `${slug(this.firstName(words[0]!))}.${slug(this.lastName(words.slice(1).join(' ')))}`
        : slug(this.lastName(local));
    return `${fakeLocal}@${this.draw('mailDomain', domain).pick(FAKE_MAIL_DOMAINS)}`;
  }

  /** The same shape: the trunk prefix and the first digit stay ("06-", "020"), the other digits are drawn. */
  private phone(text: string): string {
    const draw = this.draw('phone', text);
    let seen = 0;
    const keep = text.startsWith('+') ? 4 : 2;
    return text.replace(/\d/g, (digit) => (++seen <= keep ? digit : String(draw.below(10))));
  }

  /** Nine digits that pass the 11-test; an original of another form keeps its form. */
  private bsn(text: string): string {
    if (!/^\d{8,9}$/.test(text.trim())) return this.mask('bsn', text);
    const draw = this.draw('bsn', text);
    const head = String(1 + draw.below(9)) + draw.digits(6);
    return completeElevenTest(head, draw.below(10));
  }

  /** A Dutch IBAN with a valid check (mod 97) at one of the demo's banks; other account numbers keep their form. */
  private iban(text: string): string {
    const compact = text.replace(/\s+/g, '').toUpperCase();
    if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(compact)) return this.mask('iban', text);
    const draw = this.draw('iban', compact);
    return dutchIban(draw.pick(BANKS).code, draw.digits(10));
  }

  private houseNumber(text: string): number {
    return 1 + this.draw('houseNumber', text).below(199);
  }

  /** "1234 AB" -> "5678 QU": four digits and two letters PostNL never gives; other forms keep their shape. */
  private zip(text: string): string {
    const match = /^(\d{4})(\s?)([A-Za-z]{2})$/.exec(text.trim());
    if (!match) return this.mask('zip', text);
    const draw = this.draw('zip', text);
    const letters = draw.pick([...UNUSED_POSTCODE_LETTERS]) + draw.pick([...UNUSED_POSTCODE_LETTERS]);
    return `${1000 + draw.below(9000)}${match[2]}${letters}`;
  }

  /** A date moved by up to half a year either way (never 0 days), its time of day and text form kept. */
  private date(text: string): string {
    const match = /^(\d{4})-(\d{2})-(\d{2})(.*)$/s.exec(text);
    if (!match) return text;
    const draw = this.draw('date', text.slice(0, 10));
    const shift = (1 + draw.below(182)) * (draw.below(2) === 0 ? -1 : 1);
    const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + shift));
    return `${day.toISOString().slice(0, 10)}${match[4]}`;
  }

  /** "foto jan de vries.JPG" -> "bestand-3f9a01c2.JPG": the extension (the file's type) stays. */
  private fileName(text: string): string {
    const dot = text.lastIndexOf('.');
    const extension = dot > 0 && text.length - dot <= 6 ? text.slice(dot) : '';
    return `bestand-${this.draw('fileName', text).hex(8)}${extension}`;
  }

  private url(text: string): string {
    const draw = this.draw('url', text);
    if (/linkedin\./i.test(text)) {
      const first = slug(draw.pick(FAKE_FIRST_NAMES));
      return `https://www.linkedin.com/in/${first}-${slug(draw.pick(FAKE_SURNAMES))}-${draw.hex(6)}`;
    }
    return `https://www.example.com/${draw.hex(8)}`;
  }

  /** Letters become letters (case kept), digits digits; everything else stays: the form, not the content. */
  private mask(kind: string, text: string): string {
    const draw = this.draw(kind, text);
    return text.replace(/\p{L}|\d/gu, (c) => {
      if (/\d/.test(c)) return String(draw.below(10));
      const letter = String.fromCharCode(97 + draw.below(26));
      return c === c.toLowerCase() ? letter : letter.toUpperCase();
    });
  }

  /**
   * Bytes: a picture becomes a generated portrait (PNG); an attachment a placeholder of its own type (a PDF stays a
   * PDF, a picture a picture, anything else a short text file); free text kept as bytes becomes the neutral text.
   */
  private fakeBytes(kind: PersonalKind, bytes: Uint8Array): Uint8Array {
    if (bytes.length === 0) return bytes;
    const picture = kind === 'picture' || imageMimeOf(bytes) !== undefined;
    const digest = createHmac('sha256', this.key).update(kind).update(bytes).digest();
    if (picture) return anonymousPicture(digest.readUInt32BE(0));
    if (kind === 'attachment' && isPdf(bytes)) return PLACEHOLDER_PDF;
    return Buffer.from(kind === 'attachment' ? PLACEHOLDER_TEXT : NEUTRAL_TEXT, 'utf8');
  }
}

const pictures = new Map<number, Buffer>();

/**
 * A grey silhouette on a pale square, in one of a few shades: a picture of nobody, unlike any the demo generates
 * (demo/portraits.ts), so that a copy's picture never equals an original one.
 */
function anonymousPicture(n: number): Buffer {
  const shade = n % 5;
  const cached = pictures.get(shade);
  if (cached) return cached;
  const s = PORTRAIT_SIDE;
  const background = [236 - shade * 6, 236 - shade * 6, 232 - shade * 6] as const;
  const figure = [150 - shade * 10, 150 - shade * 10, 150 - shade * 10] as const;
  const png = Buffer.from(
    encodePng(s, (x, y) => {
      const head = (x - s / 2) ** 2 + (y - s * 0.36) ** 2 <= (s * 0.17) ** 2;
      const body = ((x - s / 2) / (s * 0.34)) ** 2 + ((y - s) / (s * 0.36)) ** 2 <= 1;
      return head || body ? figure : background;
    }),
  );
  pictures.set(shade, png);
  return png;
}

/** The MIME type of a placeholder this module makes. */
export function placeholderMimeType(bytes: Uint8Array): string {
  if (isPdf(bytes)) return 'application/pdf';
  if (imageMimeOf(bytes) !== undefined) return 'image/png';
  return 'text/plain';
}

function isPdf(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46;
}

const PLACEHOLDER_TEXT = 'Dit bestand is vervangen bij het anonimiseren.\n';

/** A one-page A4 PDF saying the file was replaced. */
const PLACEHOLDER_PDF = Buffer.from(
  onePagePdf('Dit bestand is vervangen bij het anonimiseren.', {
    width: 595,
    height: 842,
    fontSize: 14,
    x: 72,
    y: 760,
  }),
);
