// unicode-name ships no types; the tests compare our reading of its data with its own lookup.
declare module 'unicode-name' {
  export function unicodeReadableName(char: string | number): string | undefined;
}
