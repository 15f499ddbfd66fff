// How a report prints a value of each field type, in the caller's language: dates as 31-12-2026 (nl) or 2026-12-31
// (en), decimals with the language's separators, booleans as Ja/Nee or Yes/No. Text only: no PDF and no database.

import type { DataType, Language } from '@appconnector/protocol';

export type CellFormatter = (value: unknown) => string;

const YES_NO: Record<Language, [string, string]> = { nl: ['Ja', 'Nee'], en: ['Yes', 'No'] };

function formatDate(language: Language): CellFormatter {
  return (value) => {
    if (value === null || value === undefined || value === '') return '';
    const text = value instanceof Date ? value.toISOString() : String(value);
    const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(text);
    if (!match) return text;
    const [, year, month, day, hour, minute] = match;
    const date = language === 'nl' ? `${day}-${month}-${year}` : `${year}-${month}-${day}`;
    // A time of day only where there is one: most Profit dates are whole days stored at midnight.
    return hour !== undefined && `${hour}:${minute}` !== '00:00' ? `${date} ${hour}:${minute}` : date;
  };
}

function formatNumber(language: Language, decimals: number, grouping: boolean): CellFormatter {
  const format = new Intl.NumberFormat(language === 'nl' ? 'nl-NL' : 'en-GB', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: grouping,
  });
  return (value) => {
    if (value === null || value === undefined || value === '') return '';
    const number = typeof value === 'number' ? value : Number(value);
    return Number.isFinite(number) ? format.format(number) : String(value);
  };
}

function formatBoolean(language: Language): CellFormatter {
  const [yes, no] = YES_NO[language];
  return (value) => {
    if (value === null || value === undefined) return '';
    return value === true || value === 1 || value === '1' || value === 't' ? yes : no;
  };
}

const formatText: CellFormatter = (value) =>
  // Line breaks and tabs of memo text would leave the row's one line: a report row shows them as spaces.
  value === null || value === undefined ? '' : String(value).replace(/[\t\r\n]+/g, ' ');

/** The formatter of a field; ints without thousands separators, since most are numbers that name things. */
export function cellFormatter(field: { dataType: DataType; decimals: number }, language: Language): CellFormatter {
  switch (field.dataType) {
    case 'date':
      return formatDate(language);
    case 'int':
      return formatNumber(language, 0, false);
    case 'decimal':
      return formatNumber(language, field.decimals, true);
    case 'boolean':
      return formatBoolean(language);
    default:
      return formatText;
  }
}

/** Numbers are right-aligned, as in every printed list. */
export function alignmentOf(dataType: DataType): 'left' | 'right' {
  return dataType === 'int' || dataType === 'decimal' ? 'right' : 'left';
}
