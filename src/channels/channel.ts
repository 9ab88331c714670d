/**
 * The port every channel driver implements: send one message, get a typed outcome. Drivers hold
 * protocol; status reports that arrive later enter through the deliveries use cases.
 */
export const SEND_OUTCOMES = ['sent', 'delivered', 'failed_permanent', 'failed_retryable'] as const;
export type SendOutcomeKind = (typeof SEND_OUTCOMES)[number];

export type SendOutcome = {
  kind: SendOutcomeKind;
  /** The provider's id for the message (SMTP queue id, SMPP message id, SIP Call-ID). */
  providerId?: string;
  /** The provider's own words for a failure, kept for the console. */
  reason?: string;
};
