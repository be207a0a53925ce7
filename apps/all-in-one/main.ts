import { run } from '@app/runtime';
import { ALL_APPS } from './src/all-apps';

/** `npm start`: every app in one process — the simplest way to run the whole system on one machine. */
run({ name: 'subsidy-flow', ...ALL_APPS });
