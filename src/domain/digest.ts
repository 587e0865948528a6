// A digest: a periodic, signed-off summary of a range of store positions. It names every stream's
// head in the range and the order the events came in, and links to the previous digest, so that
// deleting, inserting or reordering events inside a covered range is caught even where a stream's
// own hash chain cannot see it (its last event gone, or a well-forged new one). The digest event's
// own hash is the "head digest": publish it elsewhere and the whole covered history is pinned.
// A digest is signed with a key kept outside the store (src/app/digest-signing.ts): whoever can edit the
// store but not read the key cannot write a digest that verifies, so a rewritten chain shows.
import { z } from 'zod';
import { IdString, MAX_LISTED, ShownText } from './text.ts';

const Position = z.number().int().min(0);

export const DigestStream = z.object({
  streamId: IdString.min(1),
  /** The stream's first revision in the range. */
  fromRevision: z.number().int().min(0),
  /** Its last revision in the range. */
  toRevision: z.number().int().min(0),
  /** The hash of the event at toRevision. */
  headHash: IdString.min(1),
});
export type DigestStream = z.output<typeof DigestStream>;

/** The signature over the digest's other fields (src/app/digest-signing.ts says over which bytes). */
export const DigestSignature = z.object({
  /** Ed25519 (RFC 8032) today; SM2 once a well-kept implementation is at hand. */
  algorithm: z.literal('ed25519'),
  /** SHA-256 (hex) of the public key's SubjectPublicKeyInfo DER: which key signed. */
  keyId: IdString.regex(/^[0-9a-f]{64}$/),
  /** The public key, SubjectPublicKeyInfo DER in base64: for outsiders; verify trusts only the key outside the store. */
  publicKey: ShownText.min(1),
  /** The signature, base64. */
  value: ShownText.min(1),
});
export type DigestSignature = z.output<typeof DigestSignature>;

export const DigestRecordedData = z
  .object({
    /** Exclusive: the previous digest's toPosition, 0 for the first. */
    fromPosition: Position,
    /** Inclusive: the last covered event's globalPosition. */
    toPosition: Position,
    /** 0 only for a seal: a digest that covers nothing new and signs the head of a store written before signing began. */
    count: z.number().int().min(0),
    streams: z.array(DigestStream).max(MAX_LISTED),
    /** For each covered event in global order, the index of its stream in `streams`. */
    order: z.array(z.number().int().min(0)).max(MAX_LISTED),
    /** The hash of the previous digest event, null for the first. */
    previousDigest: ShownText.min(1).nullable(),
    /** Absent on digests written before signing began. */
    signature: DigestSignature.optional(),
  })
  .refine((d) => d.order.length === d.count && (d.count === 0 ? d.fromPosition === d.toPosition && d.previousDigest !== null : d.fromPosition < d.toPosition), {
    message: 'count, order and range disagree',
  })
  .refine((d) => d.order.every((i) => i < d.streams.length), { message: 'order names a stream index out of range' });
export type DigestRecordedData = z.output<typeof DigestRecordedData>;

/** A signed head: where the last signed digest is, its hash and signature. Kept outside the store, and carried by published bulletins. */
export const SignedHead = z
  .object({
    position: z.number().int().min(1).describe('Store position of the signed digest event.'),
    revision: z.number().int().min(0).describe('Its revision in the digest stream (digest-_system).'),
    digest: ShownText.min(1).describe('Its hash: the head digest.'),
    toPosition: z.number().int().min(0).describe('The last position it covers.'),
    keyId: IdString.describe("SHA-256 (hex) of the signing key's public key (SubjectPublicKeyInfo DER)."),
    signature: ShownText.describe("The digest's Ed25519 signature, base64."),
  })
  .meta({ id: 'SignedHead' });
export type SignedHead = z.output<typeof SignedHead>;
