import { run } from '@app/runtime';
import { ALL_APPS } from './src/all-apps';
import { seedDemoCases } from './src/demo/seed-demo-cases';

/**
 * `npm start`: every app in one process — the simplest way to run the whole system on one machine. On an empty
 * development database it also makes the demo cases (this app owns the seed: it drives the api's use cases).
 */
run({ name: 'subsidy-flow', ...ALL_APPS, demoCases: seedDemoCases });
