// Text that came from a file (HDF5 attribute names and values, dataset names) shown on a terminal or
// put into a one-line message: control characters are escaped, so a file cannot move the cursor,
// recolor or clear the screen, retitle the window (ESC sequences), break a message over several
// lines, or reorder what is shown (bidirectional overrides).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is its purpose.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** `text` with every control character written as \n, \r, \t, \xNN or \u{NNNN}. */
export function escapeControlCharacters(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    const code = c.charCodeAt(0);
    return (
      NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u{${code.toString(16)}}`)
    );
  });
}
