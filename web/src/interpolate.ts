/**
 * Fills a message's placeholders: {n} is the value; {n|one|other} the word that agrees with it
 * (English: "1 working day", "2 working days"; Chinese messages need no such form).
 */
export function interpolate(template: string, values: Record<string, string | number | undefined>): string {
  return template.replace(/\{(\w+)(?:\|([^|}]*)\|([^}]*))?\}/g, (_, name: string, one?: string, other?: string) =>
    one === undefined ? String(values[name] ?? '') : Number(values[name]) === 1 ? one : (other ?? ''),
  );
}
