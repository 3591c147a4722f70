export * from './keys';
export * from './s3-storage';
export * from './storage';
export * from './renditions';
