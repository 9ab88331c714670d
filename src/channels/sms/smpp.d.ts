/**
 * The part of the `smpp` package (node-smpp 0.5) that the SMPP driver and the test SMSC use.
 * PDU fields are named as in SMPP 3.4 §4; the package decodes `short_message` into
 * `{ udh?, message }` and TLVs into named fields.
 */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  export type PduFields = Record<string, unknown>;

  export class PDU {
    constructor(command: string, options?: PduFields);
    command: string;
    command_id: number;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    isResponse(): boolean;
    response(options?: PduFields): PDU;
    toBuffer(): Buffer;
  }

  export type ResponseCallback = (pdu: PDU) => void;

  export class Session extends EventEmitter {
    socket: Socket;
    send(pdu: PDU, responseCallback?: ResponseCallback, sendCallback?: ResponseCallback): boolean;
    bind_transceiver(options: PduFields, responseCallback?: ResponseCallback): boolean;
    submit_sm(options: PduFields, responseCallback?: ResponseCallback): boolean;
    deliver_sm(options: PduFields, responseCallback?: ResponseCallback): boolean;
    enquire_link(options?: PduFields, responseCallback?: ResponseCallback): boolean;
    unbind(options?: PduFields, responseCallback?: ResponseCallback): boolean;
    pause(): void;
    resume(): void;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
  }

  export type Server = NetServer & { sessions: Session[] };

  /** The package is CommonJS; its exports are read through the default import. */
  const smpp: {
    createServer: (options: Record<string, unknown>, listener: (session: Session) => void) => Server;
    connect: (options: { host: string; port: number; auto_enquire_link_period?: number }) => Session;
    errors: Record<string, number>;
  };
  export default smpp;
}
