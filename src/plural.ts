/** "1 page", "2 pages": a count and an English noun that takes -s. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
