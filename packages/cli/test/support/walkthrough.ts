// The README's command walkthroughs as tests read them: the lines of a marked ```sh block, split as a shell would.

/** The walkthrough's command lines: comments and empty lines dropped. */
export function walkthroughLines(readme: string, marker = 'walkthrough'): string[] {
  const start = readme.indexOf(`<!-- ${marker} -->`);
  if (start === -1) throw new Error(`README.md has no <!-- ${marker} --> block`);
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(start));
  if (!block) throw new Error(`no \`\`\`sh block after <!-- ${marker} -->`);
  return block[1]!
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** A line split as a POSIX shell would for these lines: quotes, $VARIABLES (not in single quotes), # comments. */
export function shellWords(line: string, vars: Record<string, string>): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let i = 0;
  const add = (text: string) => {
    word = (word ?? '') + text;
  };
  const variable = () => {
    const name = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(line.slice(i));
    if (!name) return false;
    if (!(name[1]! in vars)) throw new Error(`walkthrough uses $${name[1]}, which the test does not set`);
    add(vars[name[1]!]!);
    i += name[0].length;
    return true;
  };
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      if (word !== undefined) words.push(word);
      word = undefined;
      i++;
    } else if (c === '#' && word === undefined) break;
    else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) throw new Error(`unclosed ' in: ${line}`);
      add(line.slice(i + 1, end));
      i = end + 1;
    } else if (c === '"') {
      i++;
      add('');
      while (line[i] !== '"') {
        if (i >= line.length) throw new Error(`unclosed " in: ${line}`);
        if (line[i] === '$' && variable()) continue;
        add(line[i]!);
        i++;
      }
      i++;
    } else if (c === '$' && variable()) {
    } else if (/[|;&<>`\\]/.test(c)) throw new Error(`walkthrough lines must be plain commands: ${line}`);
    else {
      add(c);
      i++;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}
