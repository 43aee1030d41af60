// The MongoDB wire protocol, as much as atlas-check and the test server need: message framing,
// OP_MSG (every command since MongoDB 3.6) and the header helpers the legacy OP_QUERY/OP_REPLY build on.

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;

export const HEADER_BYTES = 16;
/** MongoDB's own limit on a message (48 MB); anything larger is a broken or hostile peer. */
const MAX_MESSAGE_BYTES = 48_000_000;

export type Document = Record<string, unknown>;

export interface MessageHeader {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

export function readHeader(message: Uint8Array): MessageHeader {
  const view = viewOf(message);
  return {
    length: view.getInt32(0, true),
    requestId: view.getInt32(4, true),
    responseTo: view.getInt32(8, true),
    opCode: view.getInt32(12, true),
  };
}

/** A complete message: the 16-byte header (length filled in) followed by the body. */
export function frame(opCode: number, requestId: number, responseTo: number, body: Uint8Array): Buffer {
  const message = Buffer.alloc(HEADER_BYTES + body.length);
  message.writeInt32LE(message.length, 0);
  message.writeInt32LE(requestId, 4);
  message.writeInt32LE(responseTo, 8);
  message.writeInt32LE(opCode, 12);
  message.set(body, HEADER_BYTES);
  return message;
}

/**
 * Splits a byte stream into whole messages. Feed it every chunk a socket delivers; it returns the
 * messages completed so far and keeps the remainder. Linear in the bytes fed, however small the
 * chunks: they are kept as they come and each byte is copied at most once, into the message it
 * belongs to (a message that arrives whole in one chunk is not copied at all). Bounded: what it
 * holds is less than one message, and a length outside [16, 48 MB] throws as soon as its 4 bytes
 * are in (the stream cannot be resynchronised after that).
 */
export class MessageReader {
  /** Chunks not yet consumed, the first one from `#offset`. */
  #chunks: Buffer[] = [];
  #offset = 0;
  #buffered = 0;
  /** The length of the message being read, once its first 4 bytes are in. */
  #length: number | undefined;

  push(chunk: Uint8Array): Buffer[] {
    if (chunk.byteLength > 0) {
      this.#chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      this.#buffered += chunk.byteLength;
    }
    const messages: Buffer[] = [];
    for (;;) {
      if (this.#length === undefined) {
        if (this.#buffered < 4) break;
        const length = this.#take(4, false).readInt32LE(0);
        if (length < HEADER_BYTES || length > MAX_MESSAGE_BYTES) {
          throw new RangeError(`invalid MongoDB message length ${length}`);
        }
        this.#length = length;
      }
      if (this.#buffered < this.#length) break;
      messages.push(this.#take(this.#length, true));
      this.#length = undefined;
    }
    return messages;
  }

  /** The next `count` buffered bytes (a view when they lie in one chunk, else one copy); consumed or only looked at. */
  #take(count: number, consume: boolean): Buffer {
    const first = this.#chunks[0]!;
    if (first.length - this.#offset >= count) {
      const bytes = first.subarray(this.#offset, this.#offset + count);
      if (consume) this.#advance(count);
      return bytes;
    }
    const bytes = Buffer.allocUnsafe(count);
    let filled = 0;
    let index = 0;
    let offset = this.#offset;
    while (filled < count) {
      const source = this.#chunks[index]!;
      const n = Math.min(count - filled, source.length - offset);
      source.copy(bytes, filled, offset, offset + n);
      filled += n;
      offset += n;
      if (offset === source.length) {
        index++;
        offset = 0;
      }
    }
    if (consume) this.#advance(count);
    return bytes;
  }

  /** Drops `count` bytes from the front (the chunks used up go in one splice: shifting them one by one would be quadratic). */
  #advance(count: number): void {
    this.#buffered -= count;
    let left = count;
    let used = 0;
    let offset = this.#offset;
    while (left > 0) {
      const available = this.#chunks[used]!.length - offset;
      if (available > left) {
        offset += left;
        break;
      }
      left -= available;
      used++;
      offset = 0;
    }
    this.#chunks.splice(0, used);
    this.#offset = offset;
  }
}

export interface BsonCodec {
  serialize(document: Document): Uint8Array;
  deserialize(bytes: Uint8Array): Document;
}

/** bson is loaded only when a MongoDB conversation actually happens. */
export async function loadBson(): Promise<BsonCodec> {
  const bson = await import('bson');
  return {
    serialize: (document) => bson.serialize(document),
    // promoteBuffers=false keeps binary fields as bson Binary, as the driver sees them.
    deserialize: (bytes) => bson.deserialize(bytes, { promoteValues: true, promoteLongs: true }) as Document,
  };
}

/** An OP_MSG with one body section (kind 0). */
export function encodeOpMsg(codec: BsonCodec, requestId: number, responseTo: number, document: Document): Buffer {
  const bson = codec.serialize(document);
  const body = Buffer.alloc(4 + 1 + bson.length);
  body.writeUInt32LE(0, 0); // flagBits: no checksum, no moreToCome
  body.writeUInt8(0, 4);
  body.set(bson, 5);
  return frame(OP_MSG, requestId, responseTo, body);
}

const CHECKSUM_PRESENT = 1;

/**
 * The command document of an OP_MSG: the body section, with any document-sequence sections
 * (kind 1) attached as arrays under their identifier, which is how the server reads them too.
 */
export function decodeOpMsg(codec: BsonCodec, message: Uint8Array): Document {
  const bytes = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  const flags = bytes.readUInt32LE(HEADER_BYTES);
  const end = flags & CHECKSUM_PRESENT ? bytes.length - 4 : bytes.length;
  let offset = HEADER_BYTES + 4;
  let body: Document | undefined;
  const sequences: Array<[string, Document[]]> = [];
  while (offset < end) {
    const kind = bytes.readUInt8(offset);
    offset += 1;
    if (kind === 0) {
      const size = bytes.readInt32LE(offset);
      body = codec.deserialize(bytes.subarray(offset, offset + size));
      offset += size;
    } else if (kind === 1) {
      const size = bytes.readInt32LE(offset);
      const sectionEnd = offset + size;
      const nameEnd = bytes.indexOf(0, offset + 4);
      const identifier = bytes.toString('utf8', offset + 4, nameEnd);
      const documents: Document[] = [];
      let cursor = nameEnd + 1;
      while (cursor < sectionEnd) {
        const docSize = bytes.readInt32LE(cursor);
        documents.push(codec.deserialize(bytes.subarray(cursor, cursor + docSize)));
        cursor += docSize;
      }
      sequences.push([identifier, documents]);
      offset = sectionEnd;
    } else {
      throw new RangeError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new RangeError('OP_MSG without a body section');
  for (const [identifier, documents] of sequences) body[identifier] = documents;
  return body;
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
