// Writes openapi/openapi.json from the routes' zod schemas (npm run openapi). A test fails when
// the committed file and the code drift apart.
import { writeFile } from 'node:fs/promises';
import { createApplication } from '../src/app/application.ts';
import { openApiJson } from '../src/http/openapi/openapi-file.ts';
import { SqliteEventStore } from '../src/store/sqlite-event-store.ts';

const file = new URL('../openapi/openapi.json', import.meta.url);
const store = SqliteEventStore.open(':memory:');
try {
  await writeFile(file, openApiJson(createApplication(store)));
} finally {
  await store.close();
}
console.log(`wrote ${file.pathname}`);
