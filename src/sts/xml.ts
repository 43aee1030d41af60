// A small strict XML reader for the fixed-shape STS replies: elements, text and the five entities (plus
// numeric references). No DTDs, no processing beyond the XML declaration — anything else is refused.

export interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

export class XmlError extends Error {
  override readonly name = 'XmlError';
}

const NAME = /[A-Za-z_][\w.:-]*/y;

/** Parses a document with one root element. Attributes (xmlns) are read past and dropped. */
export function parseXml(source: string): XmlElement {
  let at = 0;
  const nameAt = (): string | undefined => {
    NAME.lastIndex = at;
    return NAME.exec(source)?.[0];
  };
  const fail = (what: string): never => {
    throw new XmlError(`${what} at offset ${at}`);
  };
  const skipSpace = () => {
    while (at < source.length && /\s/.test(source[at]!)) at++;
  };
  /** Moves past the next `terminator` (searched from `from`), returning where it began. */
  const skipPast = (terminator: string, what: string, from = at): number => {
    const end = source.indexOf(terminator, from);
    if (end < 0) fail(`unterminated ${what}`);
    at = end + terminator.length;
    return end;
  };
  const skipMisc = () => {
    for (;;) {
      skipSpace();
      if (source.startsWith('<?', at)) skipPast('?>', 'declaration');
      else if (source.startsWith('<!--', at)) skipPast('-->', 'comment');
      else return;
    }
  };

  const readElement = (): XmlElement => {
    if (source[at] !== '<') fail('expected an element');
    at++;
    const name = nameAt() ?? fail('expected an element name');
    at += name.length;
    // Attributes: name="value" or name='value'.
    for (;;) {
      skipSpace();
      if (source.startsWith('/>', at)) {
        at += 2;
        return { name, children: [], text: '' };
      }
      if (source[at] === '>') {
        at++;
        break;
      }
      const attribute = nameAt() ?? fail('bad attribute');
      at += attribute.length;
      skipSpace();
      if (source[at] !== '=') fail('expected =');
      at++;
      skipSpace();
      const quote = source[at];
      if (quote !== '"' && quote !== "'") fail('expected a quoted attribute value');
      skipPast(quote!, 'attribute value', at + 1);
    }
    const element: XmlElement = { name, children: [], text: '' };
    let text = '';
    for (;;) {
      if (at >= source.length) fail(`element <${name}> is not closed`);
      if (source.startsWith('</', at)) {
        at += 2;
        const closing = nameAt();
        if (closing !== name) fail(`</${closing ?? ''}> closes <${name}>`);
        at += name.length;
        skipSpace();
        if (source[at] !== '>') fail('expected >');
        at++;
        element.text = decodeEntities(text, fail);
        return element;
      }
      if (source.startsWith('<!--', at)) {
        skipPast('-->', 'comment');
      } else if (source.startsWith('<![CDATA[', at)) {
        const start = at + '<![CDATA['.length;
        const end = skipPast(']]>', 'CDATA');
        text += source.slice(start, end).replace(/&/g, '&amp;').replace(/</g, '&lt;');
      } else if (source.startsWith('<!', at) || source.startsWith('<?', at)) {
        fail('declarations are not allowed inside elements');
      } else if (source[at] === '<') {
        element.children.push(readElement());
      } else {
        const next = source.indexOf('<', at);
        const end = next < 0 ? source.length : next;
        text += source.slice(at, end);
        at = end;
      }
    }
  };

  skipMisc();
  if (source.startsWith('<!', at)) fail('DOCTYPE and other declarations are not allowed');
  const root = readElement();
  skipMisc();
  if (at !== source.length) fail('content after the root element');
  return root;
}

function decodeEntities(text: string, fail: (what: string) => never): string {
  return text.replace(/&([^;\s&<]*);|&/g, (match, entity: string | undefined) => {
    if (entity === undefined) return fail('bare & in text');
    switch (entity) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
    }
    const code = /^#x([0-9a-f]+)$/i.exec(entity)?.[1] ? parseInt(entity.slice(2), 16) : /^#(\d+)$/.test(entity) ? parseInt(entity.slice(1), 10) : NaN;
    if (!Number.isInteger(code) || code > 0x10ffff) return fail(`unknown entity ${match}`);
    return String.fromCodePoint(code);
  });
}

/** The one child with this name; undefined when absent. Two of them is a malformed reply. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!element) return undefined;
  const found = element.children.filter((c) => c.name === name);
  if (found.length > 1) throw new XmlError(`<${name}> appears ${found.length} times in <${element.name}>`);
  return found[0];
}

/** Follows a path of child names from an element. */
export function path(element: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  let current = element;
  for (const name of names) current = child(current, name);
  return current;
}

/** The trimmed text of the element at a path, or undefined when absent or empty. */
export function textAt(element: XmlElement | undefined, ...names: string[]): string | undefined {
  const found = path(element, ...names);
  const text = found?.text.trim();
  return text ? text : undefined;
}
