/** "1 page", "2 pages", "100,000 characters": a count (grouped by thousands) and an English noun that takes -s. */
export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}
