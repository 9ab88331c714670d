import { describe, expect, it } from 'vitest';
import { isPhotoFileName, photoFileName, sightingsClosedReason } from './sightings.models.ts';

const open = { status: 'open', closedAt: null };
const initial = { kind: 'initial', status: 'sent' };

describe('when an incident takes sightings', () => {
  it('given an open incident with only its first alert, it takes them', () => {
    expect(sightingsClosedReason(open, [initial], initial)).toBeNull();
  });

  it('given a closed incident, by status or by closing time, it takes none', () => {
    expect(sightingsClosedReason({ status: 'closed', closedAt: 1 }, [initial], initial)).toBe('incident_closed');
    expect(sightingsClosedReason({ status: 'open', closedAt: 1 }, [initial], initial)).toBe('incident_closed');
  });

  it('given a result message, the incident is closed for sightings; a cancelled result does not close it', () => {
    expect(sightingsClosedReason(open, [initial, { kind: 'result', status: 'sending' }], initial)).toBe('incident_closed');
    expect(sightingsClosedReason(open, [initial, { kind: 'result', status: 'cancelled' }], initial)).toBeNull();
  });

  it('given a withdrawn alert, its page takes no sightings while an update of the same incident still does', () => {
    const cancelled = { kind: 'initial', status: 'cancelled' };
    const update = { kind: 'update', status: 'sent' };
    expect(sightingsClosedReason(open, [cancelled, update], cancelled)).toBe('alert_cancelled');
    expect(sightingsClosedReason(open, [cancelled, update], update)).toBeNull();
  });

  it('given stored photo names, only ours are served: no paths, no other extensions', () => {
    expect(photoFileName('0b9c-11', 'image/png')).toBe('0b9c-11.png');
    expect(isPhotoFileName(photoFileName('0b9c-11', 'image/jpeg'))).toBe(true);
    for (const name of ['../secrets/session-secret', 'a.jpg/../../x.jpg', 'a.svg', '.a.jpg.part', '']) expect(isPhotoFileName(name), name).toBe(false);
  });
});
