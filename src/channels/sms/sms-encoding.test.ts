import { describe, expect, it } from 'vitest';
import { chooseEncoding, decodeGsm7, decodeSmsPart, encodeSms, smsPartCount } from './sms-encoding.ts';

const hex = (buffer: Buffer) => buffer.toString('hex');

describe('SMS encoding', () => {
  it('given plain text, the septets are those of the GSM 03.38 default alphabet, one per octet', () => {
    const encoded = encodeSms('Hallo @ 101!');
    expect(encoded.encoding).toBe('gsm7');
    expect(encoded.dataCoding).toBe(0);
    expect(hex(encoded.parts[0]!)).toBe('48616c6c6f2000203130312' + '1');
  });

  it('given "é" and "€", the text stays GSM 7-bit: é from the default table, € as escape 0x1B 0x65', () => {
    const encoded = encodeSms('Café €5 [x]');
    expect(encoded.encoding).toBe('gsm7');
    expect(hex(encoded.parts[0]!)).toBe(['43', '61', '66', '05', '20', '1b65', '35', '20', '1b3c', '78', '1b3e'].join(''));
  });

  it('given "ł" or an emoji, the text goes UCS-2 big-endian, a surrogate pair as two code units', () => {
    expect(chooseEncoding('Łódź ł')).toBe('ucs2');
    const encoded = encodeSms('ł🚓');
    expect(encoded.encoding).toBe('ucs2');
    expect(encoded.dataCoding).toBe(8);
    expect(hex(encoded.parts[0]!)).toBe('0142d83dde93');
  });

  it('given French accents outside the GSM alphabet (ê, ç), the text goes UCS-2 rather than losing them', () => {
    expect(chooseEncoding('Fenêtre')).toBe('ucs2');
    expect(chooseEncoding('garçon')).toBe('ucs2');
  });

  it('given 160 septets, one part; given 161, parts of at most 153 septets behind a concatenation UDH', () => {
    expect(smsPartCount('a'.repeat(160))).toBe(1);
    const long = encodeSms('a'.repeat(161), { reference: 0x2a });
    expect(long.concatenated).toBe(true);
    expect(long.parts).toHaveLength(2);
    expect(hex(long.parts[0]!.subarray(0, 6))).toBe('0500032a0201');
    expect(hex(long.parts[1]!.subarray(0, 6))).toBe('0500032a0202');
    expect(long.parts[0]!.length).toBe(6 + 153);
    expect(long.parts[1]!.length).toBe(6 + 8);
  });

  it('given escape sequences at a part boundary, an escape and its character are never split', () => {
    const text = `${'a'.repeat(152)}€€bbbbb`;
    const encoded = encodeSms(text);
    expect(encoded.parts).toHaveLength(2);
    expect(encoded.parts[0]!.length).toBe(6 + 152);
    expect(hex(encoded.parts[1]!.subarray(6))).toBe('1b651b656262626262');
    expect(encoded.parts.map((part) => decodeSmsPart(part, 0, true).text).join('')).toBe(text);
  });

  it('given 70 UCS-2 characters, one part; given more, parts of 67 that never split a surrogate pair', () => {
    expect(smsPartCount('ł'.repeat(70))).toBe(1);
    const text = `${'ł'.repeat(66)}🚓${'ł'.repeat(10)}`;
    const encoded = encodeSms(text);
    expect(encoded.parts).toHaveLength(2);
    // 66 characters fit; the pair would make 68 code units, so it starts the second part.
    expect(encoded.parts[0]!.length).toBe(6 + 66 * 2);
    expect(hex(encoded.parts[1]!.subarray(6, 10))).toBe('d83dde93');
    expect(encoded.parts.map((part) => decodeSmsPart(part, 8, true).text).join('')).toBe(text);
  });

  it('given a 400-character Dutch message, three parts that decode back to the same text', () => {
    const sentence = 'Verdachte wagen gezien in de Kerkstraat, richting station. Bel 101 als je iets ziet. ';
    const text = sentence.repeat(5).slice(0, 400);
    const encoded = encodeSms(text, { reference: 7 });
    expect(encoded.parts).toHaveLength(3);
    const decoded = encoded.parts.map((part) => decodeSmsPart(part, encoded.dataCoding, true));
    expect(decoded.map((part) => part.concatenation)).toEqual([1, 2, 3].map((sequence) => ({ reference: 7, total: 3, sequence })));
    expect(decoded.map((part) => part.text).join('')).toBe(text);
  });

  it('given every character of both GSM tables, decoding the encoding gives the text back', () => {
    const all = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà\f^{}\\[~]|€';
    const encoded = encodeSms(all);
    expect(encoded.encoding).toBe('gsm7');
    expect(encoded.parts.map((part) => decodeSmsPart(part, 0, encoded.concatenated).text).join('')).toBe(all);
    expect(decodeGsm7(Buffer.from([0x1b, 0x65, 0x00]))).toBe('€@');
  });
});
