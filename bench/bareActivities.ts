import type { Collection } from 'mongodb';

type BareDocument = { _id: string; status: string; at: Date };

/** One keyed insert and one keyed upsert: the same kind of I/O as the product's activities, without the product. */
export function createBareActivities(collection: Collection<BareDocument>) {
  return {
    async bareOpen(id: string) {
      await collection.updateOne({ _id: id }, { $setOnInsert: { status: 'pending', at: new Date() } }, { upsert: true });
    },
    async bareRecord(id: string) {
      await collection.updateOne({ _id: id }, { $set: { status: 'accepted', at: new Date() } }, { upsert: true });
    },
  };
}
export type BareActivities = ReturnType<typeof createBareActivities>;
