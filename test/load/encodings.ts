// Real legacy bytes for tests: Node encodes only UTF-8, so the Polish letters are mapped by hand.
const POLISH = 'ąćęłńóśźżĄĆĘŁŃÓŚŹŻ';
const CP1250 = [0xb9, 0xe6, 0xea, 0xb3, 0xf1, 0xf3, 0x9c, 0x9f, 0xbf, 0xa5, 0xc6, 0xca, 0xa3, 0xd1, 0xd3, 0x8c, 0x8f, 0xaf];
const ISO_8859_2 = [0xb1, 0xe6, 0xea, 0xb3, 0xf1, 0xf3, 0xb6, 0xbc, 0xbf, 0xa1, 0xc6, 0xca, 0xa3, 0xd1, 0xd3, 0xa6, 0xac, 0xaf];
// Windows-1250 only: „ ” – —
const CP1250_TYPOGRAPHY: Record<string, number> = { '„': 0x84, '”': 0x94, '–': 0x96, '—': 0x97 };

function encode(text: string, letters: number[], extra: Record<string, number>): Buffer {
  const bytes: number[] = [];
  for (const ch of text) {
    const k = POLISH.indexOf(ch);
    if (k >= 0) bytes.push(letters[k]);
    else if (ch in extra) bytes.push(extra[ch]);
    else if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else throw new Error(`no single-byte form for ${ch}`);
  }
  return Buffer.from(bytes);
}

export const toCp1250 = (text: string) => encode(text, CP1250, CP1250_TYPOGRAPHY);
export const toIso88592 = (text: string) => encode(text, ISO_8859_2, {});
