import smpp from 'smpp';

/** The fields of SMPP 3.4 PDUs as the driver writes and reads them: account, addresses, status names. */

const STATUS_NAMES = new Map(Object.entries(smpp.errors).map(([name, code]) => [code, name] as const));
/** A command_status by its name in the specification (ESME_RTHROTTLED), or in hex when unknown. */
export const statusName = (status: number) => STATUS_NAMES.get(status) ?? `0x${status.toString(16).padStart(8, '0')}`;

/** Parses the account URL; throws when it is not an smpp:// URL with a system id. */
export function smppAccount(url: string): { host: string; port: number; systemId: string; password: string } {
  const parsed = new URL(url);
  if (parsed.protocol !== 'smpp:' || !parsed.hostname || !parsed.username) throw new Error('the SMPP URL must be smpp://system_id:password@host:port');
  return { host: parsed.hostname, port: Number(parsed.port || 2775), systemId: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) };
}

/** SMPP 3.4 §5.2.5–6: an alphanumeric sender (TON 5, at most 11 characters) or an international number. */
export function senderAddress(from: string): { source_addr_ton: number; source_addr_npi: number; source_addr: string } {
  if (/^\+?\d{3,15}$/.test(from)) return { source_addr_ton: 0x01, source_addr_npi: 0x01, source_addr: from.replace(/^\+/, '') };
  return { source_addr_ton: 0x05, source_addr_npi: 0x00, source_addr: from.slice(0, 11) };
}

/** A member's number as E.164: international (TON 1, or unknown without a leading 0) or Belgian national (leading 0). */
export function inboundNumber(address: string, ton: number): string {
  if (address.startsWith('+')) return address;
  if (ton === 0x01 || address.startsWith('00')) return `+${address.replace(/^00/, '')}`;
  // Belgian national numbers start with 0 (whatever TON the SMSC says); longer digit strings
  // without it are international numbers whose TON was left unknown.
  if (/^0[1-9]\d{7,8}$/.test(address)) return `+32${address.slice(1)}`;
  if (ton === 0x00 && /^[1-9]\d{9,14}$/.test(address)) return `+${address}`;
  return address;
}
