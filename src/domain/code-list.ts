// A code list: the codes of one field as data, each with the Dutch and English label a person
// reads. Every code that can reach a person (the signed PDF, the signing page, messages, the young
// person's data export) comes from one of these lists, and `codeLabel` is the one way to print one.
// The zod enums of the API are made from the same lists (`codesOf`), so a code is added in one place.

export type Locale = 'nl' | 'en';

/** What a person reads for a code, in both languages. */
export interface Label {
  readonly nl: string;
  readonly en: string;
}

/** A code list: code → Dutch and English label. */
export type CodeList = Readonly<Record<string, Label>>;

/** The codes of a list, in its order, as the non-empty tuple z.enum() takes. */
export function codesOf<const L extends CodeList>(list: L): [keyof L & string, ...(keyof L & string)[]] {
  return Object.keys(list) as [keyof L & string, ...(keyof L & string)[]];
}

/** The label of a code in a list, in the locale; a code the list doesn't know prints as given. */
export function codeLabel(list: CodeList, code: string, locale: Locale): string {
  return Object.hasOwn(list, code) ? (list[code] as Label)[locale] : code;
}
