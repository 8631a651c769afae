/**
 * Word wrap for terminal reports, linear in the text. Lines break at spaces, or after
 * a comma inside a long token (header lists such as `GET,PUT,DELETE`); only a token
 * with neither that is still longer than the line is cut, at the line's end.
 * Widths count UTF-16 code units; text reaching here is terminal-safe (no controls).
 */

/** Splits one over-long word after commas, then cuts what is still too long. */
function splitWord(word: string, width: number): string[] {
  const cuts: string[] = [];
  for (const part of word.split(/(?<=,)/)) {
    for (let start = 0; start < part.length; start += width) cuts.push(part.slice(start, start + width));
  }
  return cuts;
}

/** Wraps one paragraph (runs of whitespace, newlines included, count as one space) into lines of at most `width`. */
export function wrap(text: string, width: number): string[] {
  const size = Math.max(1, width);
  const lines: string[] = [];
  let line = '';
  const place = (piece: string, spaced: boolean) => {
    const length = line.length + (line === '' ? 0 : spaced ? 1 : 0) + piece.length;
    if (line === '') line = piece;
    else if (length <= size) line = spaced ? `${line} ${piece}` : `${line}${piece}`;
    else {
      lines.push(line);
      line = piece;
    }
  };
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    if (word.length <= size) place(word, true);
    else splitWord(word, size).forEach((part, index) => place(part, index === 0));
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}
