/**
 * How a shopper's search text becomes words. Pure functions: no SQL, no I/O.
 *
 * Only letters and digits survive (any script), so whatever reaches the database is a plain word:
 * quotes, operators, `%_\`, markup and emoji are separators, never syntax.
 */

/** More words than this add nothing but cost: the rest of the text is ignored. */
export const MAX_SEARCH_WORDS = 8;
/** Longer "words" are pasted junk, not something a catalog contains. */
const MAX_WORD_LENGTH = 40;

/**
 * Swahili function words shoppers type between the words that matter ("simu ya samsung",
 * "viatu vya wanawake"). English stop words are dropped by Postgres' own list at query time.
 */
const SWAHILI_FILLERS = new Set(['na', 'ya', 'wa', 'za', 'la', 'cha', 'vya', 'kwa', 'ni', 'au', 'ama', 'pia']);

/** "128 gb" is written "128GB" in catalogs: glue a number to a unit that follows it. */
const GLUED_UNITS = new Set(['gb', 'tb', 'mb', 'mah', 'w', 'hz']);

export function searchWords(text: string): string[] {
  const raw = text
    .normalize('NFKC')
    .toLowerCase()
    // "women's" -> "womens" (English stemming then finds "women"), not "women" + "s".
    .replace(/['\u2019`]/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0 && w.length <= MAX_WORD_LENGTH);
  const words: string[] = [];
  for (const word of raw) {
    const previous = words[words.length - 1];
    if (previous !== undefined && /^\d+$/.test(previous) && GLUED_UNITS.has(word))
      words[words.length - 1] = previous + word;
    else words.push(word);
  }
  // A lone letter ("b" of <b>, the "s" of a stray possessive) narrows nothing; a lone digit
  // ("Smart 8") does.
  return [...new Set(words)].filter((w) => !SWAHILI_FILLERS.has(w) && !/^\p{L}$/u.test(w)).slice(0, MAX_SEARCH_WORDS);
}

/** Typo matching on very short words matches almost anything: only from this length on. */
export const MIN_FUZZY_WORD_LENGTH = 4;

export function fuzzyEligible(word: string): boolean {
  return word.length >= MIN_FUZZY_WORD_LENGTH && /\p{L}/u.test(word);
}

/**
 * `Colour:Black` -> { name: 'colour', value: 'black' }: option filters compare case-insensitively.
 * Control characters are dropped: no option contains one, and Postgres refuses NUL in text.
 */
export function parseOptionFilter(raw: string): { name: string; value: string } {
  const clean = (s: string) =>
    s
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u001f\u007f]/gu, '')
      .trim()
      .toLowerCase();
  const colon = raw.indexOf(':');
  return { name: clean(raw.slice(0, colon)), value: clean(raw.slice(colon + 1)) };
}

const SIZE_ORDER = ['xxs', 'xs', 's', 'small', 'm', 'medium', 'l', 'large', 'xl', 'xxl', '2xl', 'xxxl', '3xl', '4xl'];
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Facet values in the order a shopper expects: S, M, L, XL; 64GB before 128GB; else A-Z. */
export function compareOptionValues(a: string, b: string): number {
  const ra = SIZE_ORDER.indexOf(a.toLowerCase());
  const rb = SIZE_ORDER.indexOf(b.toLowerCase());
  if (ra >= 0 && rb >= 0) return ra - rb;
  if (ra >= 0 || rb >= 0) return ra >= 0 ? -1 : 1;
  return collator.compare(a, b);
}
