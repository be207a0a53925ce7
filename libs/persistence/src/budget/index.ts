export * from './budget-reservations';
export * from './budget-waits';
