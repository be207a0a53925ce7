/**
 * A start-up problem the user can fix (configuration, a service that does not answer, a port in use): printed
 * as its message alone, with what to do; the stack only at debug level.
 */
export class StartupError extends Error {}
