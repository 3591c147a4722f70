import { randomInt } from 'node:crypto';

const RECEIPT_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * M-Pesa receipt numbers (TransID, MpesaReceiptNumber, TransactionID) for every API in the
 * sandbox. One book per sandbox so an STK receipt, a C2B TransID and a reversal or B2C
 * TransactionID never collide: reversals look receipts up across all of them.
 */
export class ReceiptBook {
  private readonly issued = new Set<string>();

  /** Ten upper-case alphanumerics starting with a letter, like "NLJ7RT61SV"; never repeats. */
  issue(): string {
    let receipt: string;
    do {
      receipt = LETTERS[randomInt(0, LETTERS.length)]!;
      while (receipt.length < 10) receipt += RECEIPT_ALPHABET[randomInt(0, RECEIPT_ALPHABET.length)];
    } while (this.issued.has(receipt));
    this.issued.add(receipt);
    return receipt;
  }

  clear(): void {
    this.issued.clear();
  }
}
