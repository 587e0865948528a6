// The committed form of the OpenAPI document: built from the routes alone (no data), pretty-printed.
import { createApplication } from '../../app/application.ts';
import { SqliteEventStore } from '../../store/sqlite-event-store.ts';
import { createHttpApp } from '../app.ts';

export async function openApiJson(): Promise<string> {
  const store = SqliteEventStore.open(':memory:');
  try {
    const { openapi } = createHttpApp(createApplication(store));
    return `${JSON.stringify(openapi(), null, 2)}\n`;
  } finally {
    await store.close();
  }
}
