/** DI tokens for things that are not classes of ours. */
export const CONFIG = Symbol('CONFIG');
export const LOGGER = Symbol('LOGGER');
export const DB = Symbol('DB');
export const REDIS = Symbol('REDIS');
export const QUEUES = Symbol('QUEUES');
