// The seed (chinese-days-seed) is deliberately not re-exported: it pulls in an npm package and
// this barrel is imported by workflow code.
export * from './local-date';
export * from './working-calendar';
