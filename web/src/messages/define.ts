/** An area's texts: every key has an English and a Chinese text (the compiler checks both sides). */
export function defineMessages<const K extends string>(en: Record<K, string>, zh: Record<NoInfer<K>, string>) {
  return { en, zh };
}
