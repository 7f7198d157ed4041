/**
 * Results kept by the text they were computed from, for a long-lived process (the watch, batch
 * workers): a rebuild after a one-claim edit typesets the same paragraphs again. Only for pure
 * functions of the key whose results are not changed by their users. Bounded by the characters
 * of the keys kept: past the bound everything is dropped and kept anew.
 */
export class TextMemo<V> {
  private readonly kept = new Map<string, V>();
  private chars = 0;

  constructor(private readonly maxChars: number) {}

  get(key: string): V | undefined {
    return this.kept.get(key);
  }

  set(key: string, value: V): V {
    if (this.chars + key.length > this.maxChars) {
      this.kept.clear();
      this.chars = 0;
    }
    this.kept.set(key, value);
    this.chars += key.length;
    return value;
  }
}
