/**
 * SMS text encoding for SMPP 3.4 `short_message`: GSM 03.38 7-bit (default alphabet plus its
 * extension table, one septet per octet: the SMSC packs them) when every character has a septet,
 * else UCS-2 (UTF-16 big-endian); long texts split with a concatenation UDH (3GPP TS 23.040
 * §9.2.3.24.1, 8-bit reference).
 */

export type SmsEncoding = 'gsm7' | 'ucs2';

/** SMPP 3.4 §5.2.19 data_coding: 0 = SMSC default alphabet (GSM 03.38), 8 = UCS-2. */
export const DATA_CODING: Record<SmsEncoding, number> = { gsm7: 0x00, ucs2: 0x08 };

/** SMPP 3.4 §5.2.12 esm_class bit 6: the short message starts with a user data header. */
export const ESM_CLASS_UDHI = 0x40;

// 3GPP TS 23.038 §6.2.1: the default alphabet, indexed by septet (0x1B is the escape to the extension table).
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
// 3GPP TS 23.038 §6.2.1.1: the extension table (after 0x1B).
const EXTENSION: ReadonlyArray<readonly [string, number]> = [
  ['\f', 0x0a],
  ['^', 0x14],
  ['{', 0x28],
  ['}', 0x29],
  ['\\', 0x2f],
  ['[', 0x3c],
  ['~', 0x3d],
  [']', 0x3e],
  ['|', 0x40],
  ['€', 0x65],
];
const ESCAPE = 0x1b;

const BASIC_SEPTET = new Map<string, number>([...BASIC].map((char, septet) => [char, septet] as const).filter(([char]) => char !== '\u001b'));
const EXTENSION_SEPTET = new Map(EXTENSION);
const EXTENSION_CHAR = new Map(EXTENSION.map(([char, septet]) => [septet, char] as const));

/** Septets per message: one part, and each part of a concatenated message (UDH of 6 octets = 7 septets). */
export const GSM7_SINGLE = 160;
export const GSM7_PART = 153;
/** UCS-2 characters (16-bit code units) per message: one part, and each part after the UDH. */
export const UCS2_SINGLE = 70;
export const UCS2_PART = 67;
/** The 8-bit reference numbers at most 255 parts. */
export const MAX_PARTS = 255;

/** The septets of one character (two for the extension table), or undefined if it has none. */
function septetsOf(char: string): number[] | undefined {
  const basic = BASIC_SEPTET.get(char);
  if (basic !== undefined) return [basic];
  const extended = EXTENSION_SEPTET.get(char);
  return extended === undefined ? undefined : [ESCAPE, extended];
}

/** GSM 7-bit when every character has a septet, else UCS-2. */
export function chooseEncoding(text: string): SmsEncoding {
  for (const char of text) if (!septetsOf(char)) return 'ucs2';
  return 'gsm7';
}

/**
 * The text cut into units that must stay together in one part: a character's septets (an escape
 * and its character), or a UTF-16 surrogate pair.
 */
function units(text: string, encoding: SmsEncoding): Buffer[] {
  const result: Buffer[] = [];
  for (const char of text) {
    if (encoding === 'gsm7') result.push(Buffer.from(septetsOf(char)!));
    else result.push(Buffer.from(char, 'utf16le').swap16());
  }
  return result;
}

/** Groups units into parts of at most `size` octets, never cutting a unit. */
function pack(pieces: Buffer[], size: number): Buffer[] {
  const parts: Buffer[] = [];
  let current: Buffer[] = [];
  let length = 0;
  for (const piece of pieces) {
    if (length + piece.length > size) {
      parts.push(Buffer.concat(current));
      current = [];
      length = 0;
    }
    current.push(piece);
    length += piece.length;
  }
  if (current.length > 0 || parts.length === 0) parts.push(Buffer.concat(current));
  return parts;
}

export type EncodedSms = {
  encoding: SmsEncoding;
  dataCoding: number;
  /** Each part's `short_message`, its UDH included when there are several. */
  parts: Buffer[];
  /** Whether the parts start with a UDH (set esm_class UDHI). */
  concatenated: boolean;
};

/** The concatenation UDH: IEI 0x00 (8-bit reference), length 3, reference, total, sequence (1-based). */
export function concatenationHeader(reference: number, total: number, sequence: number): Buffer {
  return Buffer.from([0x05, 0x00, 0x03, reference & 0xff, total, sequence]);
}

/**
 * Encodes a text for submit_sm: one part when it fits (160 septets / 70 UCS-2 characters), else
 * parts of 153 septets / 67 characters, each with the concatenation UDH and the same `reference`.
 */
export function encodeSms(text: string, { reference = 0 }: { reference?: number } = {}): EncodedSms {
  const encoding = chooseEncoding(text);
  const pieces = units(text, encoding);
  const octets = pieces.reduce((sum, piece) => sum + piece.length, 0);
  const single = encoding === 'gsm7' ? GSM7_SINGLE : UCS2_SINGLE * 2;
  if (octets <= single) return { encoding, dataCoding: DATA_CODING[encoding], parts: [Buffer.concat(pieces)], concatenated: false };
  const bodies = pack(pieces, encoding === 'gsm7' ? GSM7_PART : UCS2_PART * 2);
  if (bodies.length > MAX_PARTS) throw new RangeError(`an SMS of ${bodies.length} parts is longer than ${MAX_PARTS} parts`);
  const parts = bodies.map((body, i) => Buffer.concat([concatenationHeader(reference, bodies.length, i + 1), body]));
  return { encoding, dataCoding: DATA_CODING[encoding], parts, concatenated: true };
}

/** How many SMS a text costs (the console and the benchmark show it). */
export function smsPartCount(text: string): number {
  return encodeSms(text).parts.length;
}

/** Decodes septets (one per octet) of the default alphabet and its extension table. */
export function decodeGsm7(septets: Buffer): string {
  let text = '';
  for (let i = 0; i < septets.length; i++) {
    const septet = septets[i]! & 0x7f;
    if (septet === ESCAPE && i + 1 < septets.length) {
      i += 1;
      // §6.2.1.1: an escape to an unassigned extension shows the default alphabet's character.
      text += EXTENSION_CHAR.get(septets[i]! & 0x7f) ?? BASIC[septets[i]! & 0x7f];
    } else {
      text += BASIC[septet];
    }
  }
  return text;
}

export type DecodedPart = { text: string; concatenation?: { reference: number; total: number; sequence: number } };

/** Decodes one received `short_message` (UDH first when esm_class has UDHI). */
export function decodeSmsPart(message: Buffer, dataCoding: number, hasUdh: boolean): DecodedPart {
  let body = message;
  let concatenation: DecodedPart['concatenation'];
  if (hasUdh && message.length > 0) {
    const headerLength = message[0]! + 1;
    // Information elements: IEI, length, data. 0x00 is the 8-bit concatenation, 0x08 the 16-bit one.
    for (let at = 1; at + 1 < headerLength; at += 2 + message[at + 1]!) {
      const iei = message[at];
      if (iei === 0x00) concatenation = { reference: message[at + 2]!, total: message[at + 3]!, sequence: message[at + 4]! };
      if (iei === 0x08) concatenation = { reference: message.readUInt16BE(at + 2), total: message[at + 4]!, sequence: message[at + 5]! };
    }
    body = message.subarray(headerLength);
  }
  return concatenation ? { text: decodeBody(body, dataCoding), concatenation } : { text: decodeBody(body, dataCoding) };
}

/** SMPP 3.4 §5.2.19: 0 default alphabet, 1 IA5 (ASCII), 3 Latin-1, 8 UCS-2. */
function decodeBody(body: Buffer, dataCoding: number): string {
  switch (dataCoding & 0x0f) {
    case 0x08:
      return Buffer.from(body.subarray(0, body.length - (body.length % 2))).swap16().toString('utf16le');
    case 0x03:
      return body.toString('latin1');
    case 0x01:
      return body.toString('ascii');
    default:
      return decodeGsm7(body);
  }
}
