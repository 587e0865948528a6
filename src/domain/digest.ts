// A digest: a periodic, signed-off summary of a range of store positions. It names every stream's
// head in the range and the order the events came in, and links to the previous digest, so that
// deleting, inserting or reordering events inside a covered range is caught even where a stream's
// own hash chain cannot see it (its last event gone, or a well-forged new one). The digest event's
// own hash is the "head digest": publish it elsewhere and the whole covered history is pinned.
import { z } from 'zod';

const Position = z.number().int().min(0);

export const DigestStream = z.object({
  streamId: z.string().min(1),
  /** The stream's first revision in the range. */
  fromRevision: z.number().int().min(0),
  /** Its last revision in the range. */
  toRevision: z.number().int().min(0),
  /** The hash of the event at toRevision. */
  headHash: z.string().min(1),
});
export type DigestStream = z.output<typeof DigestStream>;

export const DigestRecordedData = z
  .object({
    /** Exclusive: the previous digest's toPosition, 0 for the first. */
    fromPosition: Position,
    /** Inclusive: the last covered event's globalPosition. */
    toPosition: Position,
    count: z.number().int().min(1),
    streams: z.array(DigestStream).min(1),
    /** For each covered event in global order, the index of its stream in `streams`. */
    order: z.array(z.number().int().min(0)),
    /** The hash of the previous digest event, null for the first. */
    previousDigest: z.string().min(1).nullable(),
  })
  .refine((d) => d.order.length === d.count && d.fromPosition < d.toPosition, { message: 'count, order and range disagree' })
  .refine((d) => d.order.every((i) => i < d.streams.length), { message: 'order names a stream index out of range' });
export type DigestRecordedData = z.output<typeof DigestRecordedData>;
