import { Initial1795846170659 } from './1795846170659-initial';
import { Guards1795846170660 } from './1795846170660-guards';

/** In order; a new migration is generated with `npm run migration:generate` and listed here. */
export const MIGRATIONS = [Initial1795846170659, Guards1795846170660];
