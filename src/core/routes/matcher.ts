/** Next's middleware matchers: path-to-regexp patterns as Next compiles them. */

/** path-to-regexp's syntax as Next matchers use it, turned into an anchored RegExp. */
export function matcherRegExp(pattern: string): RegExp | undefined {
  let source = '';
  for (let i = 0; i < pattern.length; ) {
    const param = /^\/:([A-Za-z_][A-Za-z0-9_]*)/.exec(pattern.slice(i));
    if (param) {
      i += param[0].length;
      // `/:name(regex)` constrains the segment with its own pattern.
      let segment: string | undefined;
      if (pattern[i] === '(') {
        let depth = 0;
        let j = i;
        for (; j < pattern.length; j++) {
          if (pattern[j] === '(') depth++;
          else if (pattern[j] === ')' && --depth === 0) break;
        }
        segment = pattern.slice(i + 1, j);
        i = j + 1;
      }
      const modifier = /[*+?]/.test(pattern[i] ?? '') ? pattern[i++] : '';
      if (segment === undefined) {
        // Plain parameters, as path-to-regexp reads them (`/:path*` also matches `/`).
        source += modifier === '*' ? '(?:/.*)?' : modifier === '+' ? '/.+' : modifier === '?' ? '(?:/[^/]+)?' : '/[^/]+';
      } else {
        source += modifier === '*' ? `(?:/(?:${segment}))*` : modifier === '+' ? `(?:/(?:${segment}))+` : modifier === '?' ? `(?:/(?:${segment}))?` : `/(?:${segment})`;
      }
      continue;
    }
    if (pattern[i] === '(') {
      // A regex group, copied as written (balanced parentheses).
      let depth = 0;
      let j = i;
      for (; j < pattern.length; j++) {
        if (pattern[j] === '(') depth++;
        else if (pattern[j] === ')' && --depth === 0) break;
      }
      source += pattern.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    source += /[.+^$|{}[\]\\]/.test(pattern[i]!) ? `\\${pattern[i]}` : pattern[i];
    i++;
  }
  try {
    return new RegExp(`^${source}$`);
  } catch {
    return undefined;
  }
}
