import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.ts';
import { vapidSubject } from '../../main.ts';

describe('VAPID subject', () => {
  it('given no subject, an https platform is its own subject and an http one gives its sender address', () => {
    expect(vapidSubject(loadConfig({ WAAKZAAM_PUBLIC_URL: 'https://bin.pz-zara.be' }))).toBe('https://bin.pz-zara.be');
    expect(vapidSubject(loadConfig({ WAAKZAAM_PUBLIC_URL: 'http://localhost:3000', WAAKZAAM_EMAIL_FROM: 'bin@pz-zara.be' }))).toBe('mailto:bin@pz-zara.be');
    expect(vapidSubject(loadConfig({ WAAKZAAM_PUSH_SUBJECT: 'mailto:ops@pz-zara.be' }))).toBe('mailto:ops@pz-zara.be');
  });
});
