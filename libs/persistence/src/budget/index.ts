export * from './budget-reservations';
