import { ValueError } from '../errors';

/** One `<REUTERS>` document of Reuters-21578, as much of it as the loader needs. */
export interface ReutersDocument {
  newId: number;
  /** The `<TOPICS>` entries, in the order listed (possibly none). */
  topics: string[];
  /** The text to tokenise: the `<BODY>`; for a brief without body, the `<TITLE>`; for an
   *  unprocessed document (`TYPE="UNPROC"`), the whole `<TEXT>`. Entities decoded. */
  text: string;
}

const DOCUMENT = /<REUTERS\b([^>]*)>([\s\S]*?)<\/REUTERS>/g;
const NEW_ID = /\bNEWID="(\d+)"/;
const TOPICS = /<TOPICS>([\s\S]*?)<\/TOPICS>/;
const TOPIC = /<D>([\s\S]*?)<\/D>/g;
const TEXT = /<TEXT\b[^>]*>([\s\S]*?)<\/TEXT>/;
const BODY = /<BODY>([\s\S]*?)<\/BODY>/;
const TITLE = /<TITLE>([\s\S]*?)<\/TITLE>/;
const TAG = /<[^>]*>/g;

/**
 * Parses one Reuters-21578 SGML file (decoded as Latin-1) into its documents, in file order.
 * `source` names the file in errors.
 */
export function parseReutersSgml(sgml: string, source: string): ReutersDocument[] {
  const docs: ReutersDocument[] = [];
  for (const match of sgml.matchAll(DOCUMENT)) {
    const [, attributes, content] = match;
    const id = NEW_ID.exec(attributes);
    if (!id) {
      throw new ValueError(`reuters: a <REUTERS> element of ${source} has no NEWID attribute; the file is not Reuters-21578 SGML. Received: <REUTERS${attributes}>`, 'CORRUPT_FILE');
    }
    const topicList = TOPICS.exec(content);
    const topics = topicList ? Array.from(topicList[1].matchAll(TOPIC), (t) => t[1]) : [];
    docs.push({ newId: Number(id[1]), topics, text: documentText(content) });
  }
  if (docs.length === 0) {
    throw new ValueError(`reuters: ${source} holds no <REUTERS> documents; expected Reuters-21578 SGML. Received: ${sgml.length} characters`, 'CORRUPT_FILE');
  }
  return docs;
}

function documentText(content: string): string {
  const text = TEXT.exec(content)?.[1] ?? '';
  const body = BODY.exec(text)?.[1] ?? TITLE.exec(text)?.[1] ?? text.replace(TAG, ' ');
  return decodeEntities(body);
}

/**
 * Decodes the SGML entities of the bodies: `&lt;`, `&gt;`, `&amp;` become their characters, and
 * the numeric references to control characters (`&#3;` ends every body, `&#2;`, `&#31;`...)
 * become spaces. Keras's pre-tokenised Reuters kept `&#3;` as a word "3"; it is dropped here.
 */
function decodeEntities(s: string): string {
  return s
    .replace(/&#\d+;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
