// The little data the stand-in serves: databases → collections → documents, and `find` over them
// (top-level equality filters, limit, skip), enough for a handler's findOne() to answer.

import type { Document } from '../../mongodb/wire.js';

export type Databases = Record<string, Record<string, Document[]>>;

/** What `credchain emulate --mongodb` serves unless the scenario's `mongodb.databases` says otherwise. */
export function defaultDatabases(): Databases {
  return {
    shop: {
      orders: [
        { _id: 'order-1', item: 'notebook', quantity: 2, status: 'shipped' },
        { _id: 'order-2', item: 'pencil', quantity: 12, status: 'open' },
        { _id: 'order-3', item: 'eraser', quantity: 1, status: 'open' },
      ],
    },
  };
}

/** The documents of `collection` in `database` that equal `filter` on every top-level field it names. */
export function findDocuments(databases: Databases, database: string, collection: string, filter: Document, skip: number, limit: number): Document[] {
  const documents = databases[database]?.[collection] ?? [];
  const matching = documents.filter((document) => Object.entries(filter).every(([field, wanted]) => sameValue(document[field], wanted)));
  return matching.slice(skip, limit > 0 ? skip + limit : undefined);
}

/** Equality as the fixtures need it: scalars by value, everything else by its JSON form. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
