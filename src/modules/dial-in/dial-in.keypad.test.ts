import { describe, expect, it } from 'vitest';
import { createKeypad } from './dial-in.keypad.ts';

const timeouts = { firstMs: 2000, interDigitMs: 150 };

describe('the keypad of a dial-in call', () => {
  it('given keys typed ahead of every prompt, the entries come out in the order they were pressed', async () => {
    const keypad = createKeypad();
    for (const key of '*123#4567#1*2#') keypad.press(key);
    expect(await keypad.key(10)).toBe('*');
    expect(await keypad.entry(timeouts)).toBe('123');
    expect(await keypad.entry(timeouts)).toBe('4567');
    expect(await keypad.entry(timeouts)).toBe('1*2');
    expect(keypad.pending).toBe(0);
  });

  it('given a caller who stops typing without #, the entry ends after the inter-digit silence', async () => {
    const keypad = createKeypad();
    setTimeout(() => keypad.press('4'), 20);
    setTimeout(() => keypad.press('2'), 60);
    expect(await keypad.entry(timeouts)).toBe('42');
  });

  it('given nothing typed, an entry is undefined once the first wait is over', async () => {
    expect(await createKeypad().entry({ firstMs: 30, interDigitMs: 10 })).toBeUndefined();
  });

  it('given # alone, the entry is empty', async () => {
    const keypad = createKeypad();
    keypad.press('#');
    expect(await keypad.entry(timeouts)).toBe('');
  });

  it('given a key pressed, the barge-in listener hears it, and an intercepted key is used up', async () => {
    const keypad = createKeypad();
    const heard: string[] = [];
    keypad.onKey((digit) => heard.push(digit));
    keypad.intercept((digit) => digit === '#');
    keypad.press('#');
    keypad.press('5');
    keypad.intercept(undefined);
    expect(heard).toEqual(['5']);
    expect(await keypad.key(10)).toBe('5');
  });

  it('given the call ended, a wait returns at once', async () => {
    const keypad = createKeypad();
    const waiting = keypad.key(60_000);
    keypad.close();
    expect(await waiting).toBeUndefined();
  });

  it('given keys cleared after an error, the keys typed ahead are gone and the next ones count', async () => {
    const keypad = createKeypad();
    for (const key of '12#') keypad.press(key);
    keypad.clear();
    keypad.press('7');
    keypad.press('#');
    expect(await keypad.entry(timeouts)).toBe('7');
  });
});
