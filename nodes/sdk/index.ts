export * from './ports';
export * from './document';
export * from './load-document';
export * from './define-node';
export * from './run-context';
export * from './json-schema';
