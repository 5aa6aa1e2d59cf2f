// The form names are searched by: lower case without diacritics, so "lomza", "ŁOMŻA" and "Łomża"
// meet. Stored in the `name_ascii` columns; changing it needs a migration that recomputes them.

/** "Spółdzielnia Łomża" -> "spoldzielnia lomza". */
export function searchKey(text: string): string {
  // ł has no decomposition in Unicode, so NFD leaves it whole.
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/ł/g, 'l');
}

/** A LIKE pattern matching `text` anywhere, with `\` as the escape character. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}
