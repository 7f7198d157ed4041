/** "1 page", "2 pages", "100,000 characters": a count (grouped by thousands) and an English noun that takes -s. */
export function plural(n: number, word: string): string {
  // Not toLocaleString: its first call loads the ICU locale data, about 70 ms of a `dossier check`.
  const count = Number.isInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : String(n);
  return `${count} ${word}${n === 1 ? '' : 's'}`;
}
