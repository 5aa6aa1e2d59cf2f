// Text -> bytes in the single-byte code pages Polish sites still serve (Node's TextEncoder writes
// UTF-8 only). The tables are TextDecoder's own, inverted, so encoding and decoding agree byte
// for byte; characters a code page lacks become numeric character references, as a CMS writes them.

export const LEGACY_CHARSETS = ['windows-1250', 'iso-8859-2'] as const;
export type LegacyCharset = (typeof LEGACY_CHARSETS)[number];

const tables = new Map<LegacyCharset, Map<string, number>>();

function tableOf(charset: LegacyCharset): Map<string, number> {
  let table = tables.get(charset);
  if (!table) {
    table = new Map();
    const decoder = new TextDecoder(charset);
    for (let byte = 0; byte < 256; byte++) {
      const ch = decoder.decode(Uint8Array.of(byte));
      // Unassigned bytes decode to U+FFFD; the first byte found for a character wins.
      if (ch !== '\ufffd' && !table.has(ch)) table.set(ch, byte);
    }
    tables.set(charset, table);
  }
  return table;
}

/** `text` in `charset`; a character the code page lacks is written as `&#N;`. */
export function encodeLegacy(text: string, charset: LegacyCharset): Buffer {
  const table = tableOf(charset);
  const bytes: number[] = [];
  for (const ch of text) {
    const byte = table.get(ch);
    if (byte !== undefined) bytes.push(byte);
    else for (const c of `&#${ch.codePointAt(0)};`) bytes.push(c.charCodeAt(0));
  }
  return Buffer.from(bytes);
}

export function isLegacyCharset(name: string): name is LegacyCharset {
  return (LEGACY_CHARSETS as readonly string[]).includes(name);
}
