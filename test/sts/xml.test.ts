import { describe, expect, it } from 'vitest';
import { XmlError, child, parseXml, textAt } from '../../src/sts/xml.js';
import { binaryString } from '../support/binary-string.js';

describe('parseXml (strict, small)', () => {
  it('reads elements, attributes, comments, entities, numeric references and CDATA', () => {
    const root = parseXml(`<?xml version="1.0"?>\n<!-- c --><A xmlns="urn:x" b='1'><B>x &amp; y &lt;z&gt; &quot;&apos; &#65;&#x42;</B><C><![CDATA[<raw & text>]]></C><D/></A>\n`);
    expect(root.name).toBe('A');
    expect(textAt(root, 'B')).toBe(`x & y <z> "' AB`);
    expect(textAt(root, 'C')).toBe('<raw & text>');
    expect(child(root, 'D')).toEqual({ name: 'D', children: [], text: '' });
    expect(textAt(root, 'Missing')).toBeUndefined();
  });

  it('reads past comments and CDATA in the middle of text, keeping the text on both sides', () => {
    expect(parseXml(`<A>a<!-- c -->b<![CDATA[c]]>d</A>`).text).toBe('abcd');
  });

  it.each([
    ['<!DOCTYPE x [<!ENTITY e "boom">]><A>&e;</A>', /declarations are not allowed/],
    ['<A><B></A>', /closes <B>/],
    ['<A>', /is not closed/],
    ['<A>&bogus;</A>', /unknown entity/],
    ['<A>a & b</A>', /bare &/],
    ['<A></A><B></B>', /content after the root/],
    ['plain text', /expected an element/],
    ['', /expected an element/],
    ['<A b=1></A>', /quoted attribute/],
    ['<?xml version="1.0"', /unterminated declaration at offset 0/],
    ['<!-- never closed <A></A>', /unterminated comment at offset 0/],
    ['<A><!-- never closed</A>', /unterminated comment at offset 3/],
    ['<A><![CDATA[never closed</A>', /unterminated CDATA at offset 3/],
    ['<A b="1></A>', /unterminated attribute value/],
  ])('refuses %s', (source, message) => {
    expect(() => parseXml(source)).toThrow(XmlError);
    expect(() => parseXml(source)).toThrow(message);
  });

  it('refuses a field that appears twice where one is expected', () => {
    const root = parseXml('<A><B>1</B><B>2</B></A>');
    expect(() => textAt(root, 'B')).toThrow(/<B> appears 2 times in <A>/);
  });
});

describe('parseXml properties', async () => {
  const fc = await import('fast-check');
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  it('any escaped text round-trips', () => {
    fc.assert(
      fc.property(binaryString(), (text) => {
        expect(parseXml(`<A><B>${escape(text)}</B></A>`).children[0]!.text).toBe(text);
      }),
    );
  });
  it('never throws anything but XmlError on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          parseXml(text);
        } catch (error) {
          expect(error).toBeInstanceOf(XmlError);
        }
      }),
    );
  });
});
